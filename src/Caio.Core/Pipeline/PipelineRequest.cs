using Caio.Leads;

namespace Caio.Pipeline;

/// <summary>What a pipeline run was asked to do.</summary>
public sealed record PipelineRequest
{
    /// <summary>Run mode: sandbox (generated leads, in-process fakes) or production (real providers, stops at the review queue).</summary>
    public PipelineMode Mode { get; init; } = PipelineMode.Sandbox;

    /// <summary>Maximum number of leads to read from the source.</summary>
    public int Limit { get; init; } = 1000;

    /// <summary>Only leads of this tier go on to crafting, when set.</summary>
    public Tier? Segment { get; init; }

    /// <summary>Name of the lead source (defaults to the mode's default source).</summary>
    public string? SourceName { get; init; }

    /// <summary>Path of a JSON or CSV file of leads that bypasses sourcing.</summary>
    public string? InputFile { get; init; }

    /// <summary>Seed of the sandbox generator; the same seed always yields the same leads.</summary>
    public int Seed { get; init; } = SandboxDefaults.Seed;
}
