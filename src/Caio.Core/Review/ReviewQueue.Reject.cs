using Caio.Audit;
using Caio.Crafting;
using Caio.Leads;
using Caio.Safety;
using Caio.State;

namespace Caio.Review;

// Rejecting a draft, and the loading and refusing shared by the human decisions.
public sealed partial class ReviewQueue
{
    /// <inheritdoc />
    public async ValueTask<DecisionResult> RejectAsync(string id, string reason, string tag, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        if (string.IsNullOrWhiteSpace(reason))
        {
            return new DecisionResult(null, new Caio.Safety.Refusal(ReviewRefusals.MissingReason, "a rejection needs a reason"));
        }

        if (tag is null || !RejectionTags.All.Contains(tag))
        {
            return new DecisionResult(null, new Caio.Safety.Refusal(ReviewRefusals.InvalidTag, $"unknown tag '{tag}'; expected one of: {string.Join(", ", RejectionTags.All.Order(StringComparer.Ordinal))}"));
        }

        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var (item, version, refusal) = await LoadForDecisionAsync(id, actor, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal.Value;
            }

            var now = _timeProvider.GetUtcNow();
            var updated = item! with
            {
                Status = ReviewStatus.Rejected,
                DecidedBy = actor,
                DecidedAt = now,
                RejectionReason = reason,
                RejectionTag = tag,
                UpdatedAt = now,
            };
            if (!await TryWriteTransitionAsync(item, updated, version, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            await _audit.AppendAsync(
                new AuditRecord { At = now, Action = AuditActions.ReviewRejected, Actor = actor, ItemId = id, RecipientKey = item.RecipientKey, ReasonCode = tag, Detail = reason },
                CancellationToken.None).ConfigureAwait(false);
            await _audit.AppendFeedbackAsync(
                new FeedbackSignal { At = now, ItemId = id, Decision = "rejected", Tag = tag, Feedback = reason, Tier = item.Tier.ToWireName(), Score = item.Score, Crafter = item.Crafter },
                CancellationToken.None).ConfigureAwait(false);
            return new DecisionResult(updated, null);
        }

        return new DecisionResult(null, new Caio.Safety.Refusal(ReviewRefusals.Conflict, "the item kept changing concurrently; retry"));
    }

    private async ValueTask<(ReviewItem? Item, long Version, DecisionResult? Refusal)> LoadForDecisionAsync(string id, string actor, CancellationToken cancellationToken)
    {
        StateEntry? entry;
        ReviewItem item;
        try
        {
            entry = await _store.GetAsync(ItemKey(id), cancellationToken).ConfigureAwait(false);
            if (entry is null)
            {
                return (null, 0, new DecisionResult(null, new Caio.Safety.Refusal(ReviewRefusals.NotFound, $"no review item '{id}'")));
            }

            item = Deserialize(entry.Value);
        }
        catch (Exception ex) when (UnreadableRecordException.IsUnreadable(ex))
        {
            _unreadable.Report(ItemKey(id), ex);
            return (null, 0, new DecisionResult(null, new Caio.Safety.Refusal(ReviewRefusals.Unreadable, $"review item record {ItemKey(id)} cannot be read ({ex.Message}); it is left in place for repair")));
        }

        if (item.Status.IsTerminal())
        {
            return (item, entry.Version, await RefuseAsync(item, actor, ReviewRefusals.TerminalStatus, $"the item is {item.Status.ToWireName()}; terminal items are never reopened", cancellationToken).ConfigureAwait(false));
        }

        if (item.Status != ReviewStatus.Pending)
        {
            return (item, entry.Version, await RefuseAsync(item, actor, ReviewRefusals.AlreadyDecided, $"the item is already {item.Status.ToWireName()}", cancellationToken).ConfigureAwait(false));
        }

        if (_timeProvider.GetUtcNow() - item.CreatedAt > _options.DraftTimeToLive)
        {
            var expired = item with { Status = ReviewStatus.Expired, StatusReason = ReasonCodes.DraftTtlExceeded, UpdatedAt = _timeProvider.GetUtcNow() };
            if (await TryWriteTransitionAsync(item, expired, entry.Version, cancellationToken).ConfigureAwait(false))
            {
                await _audit.AppendAsync(
                    new AuditRecord { At = expired.UpdatedAt, Action = AuditActions.ReviewExpired, Actor = "system:hygiene", ItemId = item.Id, RecipientKey = item.RecipientKey, ReasonCode = ReasonCodes.DraftTtlExceeded },
                    cancellationToken).ConfigureAwait(false);
            }

            return (expired, entry.Version, await RefuseAsync(expired, actor, ReviewRefusals.Expired, $"the draft is older than {_options.DraftTimeToLive.TotalHours:F0} h and has expired", cancellationToken).ConfigureAwait(false));
        }

        return (item, entry.Version, null);
    }

    private async ValueTask<DecisionResult> RefuseAsync(ReviewItem item, string actor, string code, string detail, CancellationToken cancellationToken)
    {
        await _audit.AppendAsync(
            new AuditRecord { At = _timeProvider.GetUtcNow(), Action = AuditActions.ReviewDecisionRefused, Actor = actor, ItemId = item.Id, RecipientKey = item.RecipientKey, ReasonCode = code, Detail = detail },
            cancellationToken).ConfigureAwait(false);
        return new DecisionResult(item, new Caio.Safety.Refusal(code, detail));
    }
}
