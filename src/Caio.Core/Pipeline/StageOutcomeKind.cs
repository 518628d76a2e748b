using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;

namespace Caio.Pipeline;

/// <summary>Kinds of <see cref="StageOutcome"/>.</summary>
public enum StageOutcomeKind
{
    /// <summary>Passed on to the next stage.</summary>
    Passed,

    /// <summary>Deliberately stopped here (not an error).</summary>
    Filtered,

    /// <summary>Failed; recorded in the run report.</summary>
    Failed,

    /// <summary>Held by a batching stage; reported later.</summary>
    Held,
}
