using System.Diagnostics.CodeAnalysis;
using Caio.Diagnostics;

namespace Caio.Pipeline;

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
