using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;

namespace Caio.Pipeline;

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
