using System.Text;
using Caio.Batches;
using Caio.Crafting;
using Caio.Dedup;
using Caio.Internal;
using Caio.Leads;
using Caio.Safety;
using Caio.State;

namespace Caio.Review;

public sealed partial class ReviewQueue
{
    /// <inheritdoc />
    public async ValueTask<EnqueueResult> EnqueueAsync(MessageDraft draft, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(draft);
        if (Prepare(draft, runId) is not { } prepared)
        {
            return Refusal(draft);
        }

        var (item, dedupKey) = prepared;

        // Marker, record and pending entry land together or not at all, also if the process dies:
        // a marker never exists without its draft, so a lead is never lost as a "duplicate".
        long markerVersion = 0;
        for (var attempt = 0; attempt < MaxConflictRetries; attempt++)
        {
            var result = await _store.CommitAsync(AddEnqueue(new StateTransaction(), item, dedupKey, markerVersion), cancellationToken).ConfigureAwait(false);
            if (result.Committed)
            {
                return new EnqueueResult(item, null);
            }

            if (!string.Equals(result.FailedCondition?.Key, dedupKey, StringComparison.Ordinal))
            {
                // Ids carry 40 random bits per millisecond; a collision is never expected, and never overwrites.
                throw new InvalidOperationException($"Review item id {item.Id} already exists.");
            }

            // The marker names an earlier draft. Only a draft whose send definitely did not happen
            // (send_failed: refused by the provider or reconciled as not sent) gives way to a new one;
            // every other earlier draft — waiting, approved, sent, maybe sent, rejected, blocked — keeps it.
            markerVersion = await ReplaceableMarkerVersionAsync(dedupKey, cancellationToken).ConfigureAwait(false);
            if (markerVersion == 0)
            {
                return new EnqueueResult(null, new Caio.Safety.Refusal(ReasonCodes.Duplicate, "a draft with the same recipient and subject is already queued"));
            }
        }

        return new EnqueueResult(null, new Caio.Safety.Refusal(ReviewRefusals.Conflict, "the duplicate marker kept changing concurrently; retry"));
    }

    /// <summary>
    /// Queues several drafts with one commit (group commit): every new draft's marker, record and
    /// pending entry become durable together, with one journal write and one flush on the file
    /// backend. Each draft is refused exactly as <see cref="EnqueueAsync"/> would refuse it; a draft
    /// whose duplicate marker already exists (or repeats an earlier draft of the group) is settled on
    /// its own afterwards, through <see cref="EnqueueAsync"/>.
    /// </summary>
    /// <param name="drafts">The drafts, in order.</param>
    /// <param name="runId">Pipeline run id for traceability.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>One result per draft, in the same order.</returns>
    public async ValueTask<IReadOnlyList<EnqueueResult>> EnqueueManyAsync(IReadOnlyList<MessageDraft> drafts, string? runId = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(drafts);
        var results = new EnqueueResult?[drafts.Count];
        var group = new List<(int Index, ReviewItem Item, string DedupKey)>(drafts.Count);
        var markers = new HashSet<string>(StringComparer.Ordinal);
        var alone = new List<int>();
        for (var i = 0; i < drafts.Count; i++)
        {
            ArgumentNullException.ThrowIfNull(drafts[i], nameof(drafts));
            if (Prepare(drafts[i], runId) is not { } prepared)
            {
                results[i] = Refusal(drafts[i]);
            }
            else if (markers.Add(prepared.DedupKey))
            {
                group.Add((i, prepared.Item, prepared.DedupKey));
            }
            else
            {
                alone.Add(i);
            }
        }

        var checkedMarkers = false;
        while (group.Count > 0)
        {
            var transaction = new StateTransaction();
            foreach (var (_, item, dedupKey) in group)
            {
                AddEnqueue(transaction, item, dedupKey, markerVersion: 0);
            }

            var result = await _store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
            if (result.Committed)
            {
                foreach (var (index, item, _) in group)
                {
                    results[index] = new EnqueueResult(item, null);
                }

                break;
            }

            var failed = result.FailedCondition?.Key;
            var member = group.FindIndex(g => string.Equals(g.DedupKey, failed, StringComparison.Ordinal));
            if (member < 0)
            {
                throw new InvalidOperationException($"Review item key {failed} already exists.");
            }

            alone.Add(group[member].Index);
            group.RemoveAt(member);
            if (!checkedMarkers)
            {
                // An existing marker (a re-imported list) usually comes with more: look them all up once
                // instead of committing again for each.
                checkedMarkers = true;
                for (var g = group.Count - 1; g >= 0; g--)
                {
                    if (await _store.GetAsync(group[g].DedupKey, cancellationToken).ConfigureAwait(false) is not null)
                    {
                        alone.Add(group[g].Index);
                        group.RemoveAt(g);
                    }
                }
            }
        }

        alone.Sort();
        foreach (var index in alone)
        {
            results[index] = await EnqueueAsync(drafts[index], runId, cancellationToken).ConfigureAwait(false);
        }

        return Array.ConvertAll(results, r => r!.Value);
    }

    private static StateTransaction AddEnqueue(StateTransaction transaction, ReviewItem item, string dedupKey, long markerVersion) =>
        transaction
            .RequireVersion(dedupKey, markerVersion)
            .Put(dedupKey, Encoding.UTF8.GetBytes("\"" + item.Id + "\""))
            .RequireVersion(ItemKey(item.Id), 0)
            .Put(ItemKey(item.Id), Serialize(item))
            .IndexAdd(StatusIndex(ReviewStatus.Pending), item.Id, item.CreatedAt.ToUnixTimeMilliseconds());

    /// <summary>Why <see cref="Prepare"/> refused a draft.</summary>
    private EnqueueResult Refusal(MessageDraft draft)
    {
        if (!_canonicalizer.TryCreateKey(draft.Lead.Lead.Lead.Email ?? string.Empty, out _, out var invalid))
        {
            return new EnqueueResult(null, new Caio.Safety.Refusal(ReasonCodes.InvalidRecipient, invalid.ToWireName()));
        }

        var placeholder = PlaceholderDetector.FindPlaceholder(draft.Subject) ?? PlaceholderDetector.FindPlaceholder(draft.Body);
        return new EnqueueResult(null, new Caio.Safety.Refusal(ReviewRefusals.Placeholder, placeholder));
    }

    /// <summary>The pending item for a draft and its duplicate marker's key, or <see langword="null"/> when the draft is refused.</summary>
    private (ReviewItem Item, string DedupKey)? Prepare(MessageDraft draft, string? runId)
    {
        var lead = draft.Lead.Lead.Lead;
        if (!_canonicalizer.TryCreateKey(lead.Email ?? string.Empty, out var key, out _)
            || (PlaceholderDetector.FindPlaceholder(draft.Subject) ?? PlaceholderDetector.FindPlaceholder(draft.Body)) is not null)
        {
            return null;
        }

        var now = _timeProvider.GetUtcNow();
        var id = IdGenerator.NewId("rq", now);
        var score = draft.Lead.Score;
        var item = new ReviewItem
        {
            Id = id,
            Status = ReviewStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
            RunId = runId,
            Sandbox = draft.Sandbox,
            Motion = draft.Step.Step == 1 ? BatchMotion.Outbound : BatchMotion.Cadence,
            RecipientEmail = lead.Email!.Trim(),
            RecipientKey = key.Value,
            RecipientName = string.Join(' ', new[] { lead.FirstName, lead.LastName }.Where(n => !string.IsNullOrWhiteSpace(n))),
            Title = lead.Title,
            Company = lead.Company?.Name,
            CompanyDomain = lead.Company?.Domain,
            TimeZone = lead.TimeZone,
            LinkedInUrl = lead.LinkedInUrl,
            Channel = draft.Step.Channel,
            Step = draft.Step.Step,
            Day = draft.Step.Day,
            Subject = draft.Subject,
            Body = draft.Body,
            Crafter = draft.Crafter,
            Score = score.Score,
            Tier = score.Tier,
            NeedsReview = score.NeedsReview,
            Reasons = score.Reasons,
            Enriched = draft.Lead.Lead.Enriched,
            Facts = draft.Lead.Lead.Facts ?? LeadFacts.Describe(lead),
        };
        return (item, DedupPrefix + DuplicateFingerprint(key.Value, draft.Subject, draft.Step.Step));
    }
}
