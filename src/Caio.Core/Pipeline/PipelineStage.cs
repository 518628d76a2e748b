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

/// <summary>Base class for a typed pipeline stage.</summary>
/// <typeparam name="TIn">Type of the input items.</typeparam>
/// <typeparam name="TOut">Type of the output items.</typeparam>
public abstract class PipelineStage<TIn, TOut> : IPipelineStage
    where TIn : class
    where TOut : class
{
    /// <inheritdoc />
    public abstract string Name { get; }

    /// <inheritdoc />
    public Type InputType => typeof(TIn);

    /// <inheritdoc />
    public Type OutputType => typeof(TOut);

    /// <inheritdoc />
    public virtual bool IsThreadSafe => false;

    /// <summary>Processes one typed item.</summary>
    /// <param name="item">The item.</param>
    /// <param name="context">The run the item belongs to.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>What became of the item.</returns>
    public abstract ValueTask<StageOutcome> ProcessAsync(TIn item, PipelineContext context, CancellationToken cancellationToken);

    /// <inheritdoc />
    ValueTask<StageOutcome> IPipelineStage.ProcessAsync(object item, PipelineContext context, CancellationToken cancellationToken) =>
        ProcessAsync((TIn)item, context, cancellationToken);
}

/// <summary>What a stage did with one item.</summary>
public readonly struct StageOutcome
{
    private StageOutcome(StageOutcomeKind kind, object? value, string? reason, string? subject)
    {
        Kind = kind;
        Value = value;
        Reason = reason;
        Subject = subject;
    }

    /// <summary>The kind of outcome.</summary>
    public StageOutcomeKind Kind { get; }

    /// <summary>The item passed on to the next stage (for <see cref="StageOutcomeKind.Passed"/>).</summary>
    public object? Value { get; }

    /// <summary>Why the item was filtered or failed.</summary>
    public string? Reason { get; }

    /// <summary>A redacted identification of the item (for failures in the run report).</summary>
    public string? Subject { get; }

    /// <summary>The item goes on to the next stage.</summary>
    /// <param name="value">The output item.</param>
    /// <returns>The outcome.</returns>
    public static StageOutcome Pass(object value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new(StageOutcomeKind.Passed, value, null, null);
    }

    /// <summary>The item is deliberately not passed on (e.g. disqualified, outside the segment).</summary>
    /// <param name="reason">Machine-readable reason.</param>
    /// <returns>The outcome.</returns>
    public static StageOutcome Filter(string reason) => new(StageOutcomeKind.Filtered, null, reason, null);

    /// <summary>The stage holds the item (e.g. to send it in a micro-batch); its outcome comes later from <see cref="IBatchingPipelineStage.DrainAsync"/>.</summary>
    /// <returns>The outcome.</returns>
    public static StageOutcome Held() => new(StageOutcomeKind.Held, null, null, null);

    /// <summary>The item could not be processed; the run records it and goes on.</summary>
    /// <param name="reason">What went wrong.</param>
    /// <param name="subject">A redacted identification of the item.</param>
    /// <returns>The outcome.</returns>
    public static StageOutcome Fail(string reason, string? subject = null) => new(StageOutcomeKind.Failed, null, reason, subject);
}

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

/// <summary>
/// A stage that holds items and settles them in groups (for example a send stage that dispatches
/// micro-batches). After every item, and once more when its input is complete (<c>final</c>), the
/// runner drains the outcomes of the items it released.
/// </summary>
[Experimental(Experiments.ExtensionPoints)]
public interface IBatchingPipelineStage : IPipelineStage
{
    /// <summary>Returns the outcomes of held items that are now settled.</summary>
    /// <param name="final">Whether the input is complete: every held item must be settled now.</param>
    /// <param name="context">The run.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The outcomes (none of them <see cref="StageOutcomeKind.Held"/>).</returns>
    ValueTask<IReadOnlyList<StageOutcome>> DrainAsync(bool final, PipelineContext context, CancellationToken cancellationToken);
}
