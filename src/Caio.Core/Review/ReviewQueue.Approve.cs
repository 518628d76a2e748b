using Caio.Audit;
using Caio.Crafting;
using Caio.Leads;
using Caio.State;

namespace Caio.Review;

public sealed partial class ReviewQueue
{
    /// <inheritdoc />
    public async ValueTask<DecisionResult> ApproveAsync(string id, ApproveRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(id);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var (item, version, refusal) = await LoadForDecisionAsync(id, actor, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                return refusal.Value;
            }

            var approval = PlanApproval(item!, request, actor);
            if (approval.Refusal is { } refused)
            {
                return await RefuseAsync(item!, actor, refused.Code, refused.Detail, cancellationToken).ConfigureAwait(false);
            }

            if (!await TryWriteTransitionAsync(item!, approval.Updated!, version, cancellationToken).ConfigureAwait(false))
            {
                continue;
            }

            await _audit.AppendAsync(approval.Audit!, CancellationToken.None).ConfigureAwait(false);
            await _audit.AppendFeedbackAsync(approval.Feedback!, CancellationToken.None).ConfigureAwait(false);
            return new DecisionResult(approval.Updated, null);
        }

        return new DecisionResult(null, new Caio.Safety.Refusal(ReviewRefusals.Conflict, "the item kept changing concurrently; retry"));
    }

    /// <summary>
    /// Approves several pending drafts with one commit (group commit): every item's record and status
    /// move become durable together, then their audit records and feedback signals are appended as one
    /// group each. Each item is refused exactly as <see cref="ApproveAsync"/> would refuse it; an item that
    /// changed between the read and the commit is approved on its own afterwards, through
    /// <see cref="ApproveAsync"/>.
    /// </summary>
    /// <param name="ids">The items, in order.</param>
    /// <param name="request">The edits and feedback, the same for every item.</param>
    /// <param name="actor">The authenticated approver.</param>
    /// <param name="cancellationToken">Cancels the decisions.</param>
    /// <returns>One result per item, in the same order.</returns>
    public async ValueTask<IReadOnlyList<DecisionResult>> ApproveManyAsync(IReadOnlyList<string> ids, ApproveRequest request, string actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        var results = new DecisionResult?[ids.Count];
        var group = new List<(int Index, ItemStatusChange Change, Approval Approval)>(ids.Count);
        var alone = new List<int>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < ids.Count; i++)
        {
            ArgumentException.ThrowIfNullOrWhiteSpace(ids[i], nameof(ids));
            if (!seen.Add(ids[i]))
            {
                alone.Add(i);
                continue;
            }

            var (item, version, refusal) = await LoadForDecisionAsync(ids[i], actor, cancellationToken).ConfigureAwait(false);
            if (refusal is not null)
            {
                results[i] = refusal.Value;
                continue;
            }

            var approval = PlanApproval(item!, request, actor);
            results[i] = approval.Refusal is { } refused
                ? await RefuseAsync(item!, actor, refused.Code, refused.Detail, cancellationToken).ConfigureAwait(false)
                : null;
            if (approval.Refusal is null)
            {
                group.Add((i, new ItemStatusChange(item!, approval.Updated!, version), approval));
            }
        }

        while (group.Count > 0)
        {
            var transaction = new StateTransaction();
            foreach (var (_, change, _) in group)
            {
                AddTransition(transaction, change);
            }

            var result = await _store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
            if (result.Committed)
            {
                await _audit.AppendManyAsync([.. group.Select(g => g.Approval.Audit!)], CancellationToken.None).ConfigureAwait(false);
                await _audit.AppendFeedbackManyAsync([.. group.Select(g => g.Approval.Feedback!)], CancellationToken.None).ConfigureAwait(false);
                foreach (var (index, _, approval) in group)
                {
                    results[index] = new DecisionResult(approval.Updated, null);
                }

                break;
            }

            // That item changed since it was read: decide it on its own, from a fresh read.
            var failed = result.FailedCondition?.Key;
            var member = group.FindIndex(g => string.Equals(ItemKey(g.Change.After.Id), failed, StringComparison.Ordinal));
            if (member < 0)
            {
                throw new InvalidOperationException($"Approving a group failed on {failed}, which is not one of its items.");
            }

            alone.Add(group[member].Index);
            group.RemoveAt(member);
        }

        alone.Sort();
        foreach (var index in alone)
        {
            results[index] = await ApproveAsync(ids[index], request, actor, cancellationToken).ConfigureAwait(false);
        }

        return Array.ConvertAll(results, r => r!.Value);
    }

    /// <summary>The approved item with its audit record and feedback signal, or why the approval is refused.</summary>
    private Approval PlanApproval(ReviewItem item, ApproveRequest request, string actor)
    {
        var subject = request.Subject ?? item.Subject;
        var body = request.Body ?? item.Body;
        if ((PlaceholderDetector.FindPlaceholder(subject) ?? PlaceholderDetector.FindPlaceholder(body)) is { } placeholder)
        {
            return new Approval(null, null, null, (ReviewRefusals.Placeholder, $"the approved text contains a placeholder: {placeholder}"));
        }

        if (ContentDigest.FindMissingPart(item.Channel, subject, body) is { } missing)
        {
            return new Approval(null, null, null, (ReviewRefusals.EmptyContent, $"the approved {missing} is empty"));
        }

        var now = _timeProvider.GetUtcNow();
        var edited = !string.Equals(subject, item.Subject, StringComparison.Ordinal) || !string.Equals(body, item.Body, StringComparison.Ordinal);
        var distance = edited ? EditDistance.Compute(item.Subject + "\n" + item.Body, subject + "\n" + body) : 0;
        var editClass = edited ? EditDistance.Classify(distance, item.Subject.Length + item.Body.Length + 1, subject.Length + body.Length + 1, _options.MinorTweakMaxRatio) : null;
        var updated = item with
        {
            Status = ReviewStatus.Approved,
            ApprovedSubject = subject,
            ApprovedBody = body,
            ContentDigest = ContentDigest.Compute(item.Channel, subject, body),
            DecidedBy = actor,
            DecidedAt = now,
            Feedback = request.Feedback,
            UpdatedAt = now,
        };
        var audit = new AuditRecord
        {
            At = now,
            Action = edited ? AuditActions.ReviewEdited : AuditActions.ReviewApproved,
            Actor = actor,
            ItemId = item.Id,
            RecipientKey = item.RecipientKey,
            SubjectBefore = edited ? item.Subject : null,
            SubjectAfter = edited ? subject : null,
            BodyBefore = edited ? item.Body : null,
            BodyAfter = edited ? body : null,
            EditClass = editClass,
            Detail = request.Feedback,
        };
        var feedback = new FeedbackSignal
        {
            At = now,
            ItemId = item.Id,
            Decision = edited ? "edited" : "approved",
            Feedback = request.Feedback,
            EditClass = editClass,
            EditDistance = edited ? distance : null,
            Tier = item.Tier.ToWireName(),
            Score = item.Score,
            Crafter = item.Crafter,
        };
        return new Approval(updated, audit, feedback, null);
    }

    /// <summary>An approval ready to write, or its refusal.</summary>
    private sealed record Approval(ReviewItem? Updated, AuditRecord? Audit, FeedbackSignal? Feedback, (string Code, string Detail)? Refusal);
}
