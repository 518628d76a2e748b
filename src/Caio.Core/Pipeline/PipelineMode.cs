using Caio.Leads;

namespace Caio.Pipeline;

/// <summary>Pipeline run modes.</summary>
public enum PipelineMode
{
    /// <summary>Generated leads and in-process fake providers; no network; safe anywhere.</summary>
    Sandbox,

    /// <summary>Real providers; drafts stop at the review queue for a human.</summary>
    Production,
}
