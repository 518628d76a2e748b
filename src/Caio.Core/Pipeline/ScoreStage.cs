using Caio.Crafting;
using Caio.Enrichment;
using Caio.Internal;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.Scoring;

namespace Caio.Pipeline;

/// <summary>
/// Scoring stage: scores every lead, counts tiers, and passes on only contactable leads —
/// not disqualified, not tier_4, and in the requested segment when one is set.
/// </summary>
/// <param name="scorer">The ICP scorer.</param>
public sealed class ScoreStage(IIcpScorer scorer) : PipelineStage<EnrichedLead, ScoredLead>
{
    /// <inheritdoc />
    public override string Name => "score";

    /// <inheritdoc />
    public override bool IsThreadSafe => true;

    /// <inheritdoc />
    public override ValueTask<StageOutcome> ProcessAsync(EnrichedLead item, PipelineContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(item);
        ArgumentNullException.ThrowIfNull(context);
        var evaluation = scorer.Evaluate(item.Lead);
        context.Tiers.Increment(evaluation.Tier);
        if (evaluation.Disqualified)
        {
            return ValueTask.FromResult(StageOutcome.Filter(ReasonCodes.Disqualified));
        }

        if (context.Request.Segment is { } segment && evaluation.Tier != segment)
        {
            return ValueTask.FromResult(StageOutcome.Filter(ReasonCodes.OutsideSegment));
        }

        if (evaluation.Tier == Tier.Tier4)
        {
            return ValueTask.FromResult(StageOutcome.Filter(ReasonCodes.Tier4));
        }

        return ValueTask.FromResult(StageOutcome.Pass(new ScoredLead(item, scorer.Score(item.Lead))));
    }
}
