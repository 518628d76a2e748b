using System.ComponentModel.DataAnnotations;

namespace Caio.Pipeline;

/// <summary>Tuning of the pipeline runner, bound from <c>Caio:Pipeline</c>.</summary>
public sealed class PipelineOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Pipeline";

    /// <summary>Capacity of the bounded channel between two stages; bounds memory per run.</summary>
    [Range(1, 1_000_000)]
    public int ChannelCapacity { get; set; } = 512;

    /// <summary>Workers per thread-safe stage (enrich, score, craft, queue, approve). Default: the number of processors, at most 4.</summary>
    [Range(1, 64)]
    public int StageConcurrency { get; set; } = Math.Clamp(Environment.ProcessorCount, 1, 4);

    /// <summary>How many errors a run report lists (the rest are counted).</summary>
    [Range(0, 100_000)]
    public int MaxReportedErrors { get; set; } = 100;

    /// <summary>How often (in sourced leads) progress is reported.</summary>
    [Range(1, int.MaxValue)]
    public int ProgressInterval { get; set; } = 5_000;
}
