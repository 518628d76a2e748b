using Caio.Crafting;
using Caio.Enrichment;
using Caio.Internal;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.Scoring;

namespace Caio.Pipeline;

/// <summary>Crafting stage: writes the first step of the sequence for each lead.</summary>
/// <param name="crafter">The crafter.</param>
public sealed class CraftStage(IMessageCrafter crafter) : PipelineStage<ScoredLead, MessageDraft>
{
    /// <summary>The step the pipeline crafts: day 1, email intro.</summary>
    public static readonly SequenceStep FirstStep = new(Step: 1, Day: 1, Channel: Channel.Email, TemplateKey: "intro");

    /// <inheritdoc />
    public override string Name => "craft";

    /// <inheritdoc />
    public override bool IsThreadSafe => true;

    /// <inheritdoc />
    public override async ValueTask<StageOutcome> ProcessAsync(ScoredLead item, PipelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        var result = await crafter.CraftAsync(item, FirstStep, cancellationToken).ConfigureAwait(false);
        return result.Draft is { } draft
            ? StageOutcome.Pass(draft)
            : StageOutcome.Fail(result.Refusal?.ToString() ?? "crafting refused", Redact.Email(item.Lead.Lead.Email));
    }
}
