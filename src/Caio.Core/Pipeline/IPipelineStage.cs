using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;

namespace Caio.Pipeline;

/// <summary>
/// One step of the lead pipeline. The runner only knows stages: it connects them with bounded
/// channels, counts what goes in and out, and times them, so adding a stage never touches the runner.
/// </summary>
public interface IPipelineStage
{
    /// <summary>Stable stage name used in run reports (<c>enrich</c>, <c>score</c>, …).</summary>
    string Name { get; }

    /// <summary>Type of the items the stage accepts.</summary>
    Type InputType { get; }

    /// <summary>
    /// Whether several items may be processed at once (the stage keeps no per-run state and its
    /// dependencies are thread-safe). The runner then uses <see cref="PipelineOptions.StageConcurrency"/>
    /// workers for it; output order may differ from input order. Default <see langword="false"/>.
    /// </summary>
    bool IsThreadSafe => false;

    /// <summary>Type of the items the stage emits.</summary>
    Type OutputType { get; }

    /// <summary>Processes one item. Implementations derive from <see cref="PipelineStage{TIn, TOut}"/>.</summary>
    /// <param name="item">The item, of <see cref="InputType"/>.</param>
    /// <param name="context">The run the item belongs to.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What became of the item.</returns>
    ValueTask<StageOutcome> ProcessAsync(object item, PipelineContext context, CancellationToken cancellationToken);
}
