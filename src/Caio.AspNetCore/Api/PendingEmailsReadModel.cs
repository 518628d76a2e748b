using System.Diagnostics;
using System.Text.Json;
using Caio.Review;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Api;

/// <summary>
/// The pending drafts as <c>GET /api/pending-emails</c> shows them, kept in memory with each draft's JSON
/// already written. Every request reads which drafts are pending (<see cref="IReviewQueue.ListIdsAsync"/>:
/// one sorted-index read, no record reads) and serves the snapshot while that membership is unchanged, so a
/// draft queued, decided or expired by any process — the worker included — shows on the next request.
/// Records are read again when the membership changes or the snapshot is older than
/// <see cref="CaioDashboardOptions.PendingListMaxAge"/> (an edit of a draft that stays pending).
/// </summary>
internal sealed class PendingEmailsReadModel(IReviewQueue queue, IOptions<CaioDashboardOptions> options, IOptions<JsonOptions> json)
{
    private Snapshot? _snapshot;

    /// <summary>Record reloads since start (tests and diagnostics).</summary>
    public long Reloads => Interlocked.Read(ref _reloads);

    private long _reloads;

    /// <summary>The current pending drafts.</summary>
    public async ValueTask<Snapshot> GetAsync(CancellationToken cancellationToken)
    {
        var ids = await queue.ListIdsAsync(ReviewStatus.Pending, cancellationToken).ConfigureAwait(false);
        var maxAge = options.Value.PendingListMaxAge;
        if (Volatile.Read(ref _snapshot) is { } current && Stopwatch.GetElapsedTime(current.TakenAt) < maxAge && current.Ids.SequenceEqual(ids, StringComparer.Ordinal))
        {
            return current;
        }

        Interlocked.Increment(ref _reloads);
        var takenAt = Stopwatch.GetTimestamp();
        var pending = await queue.ListAsync(ReviewStatus.Pending, cancellationToken: cancellationToken).ConfigureAwait(false);
        var after = await queue.ListIdsAsync(ReviewStatus.Pending, cancellationToken).ConfigureAwait(false);

        // Keep only drafts pending in the membership read after the records: a draft queued and decided while
        // the records were read is then not served from a snapshot whose membership matches again.
        var members = new HashSet<string>(after, StringComparer.Ordinal);
        var writerOptions = new JsonWriterOptions { Encoder = json.Value.SerializerOptions.Encoder, Indented = json.Value.SerializerOptions.WriteIndented };
        var items = new List<PendingDraft>(pending.Count);
        foreach (var item in pending)
        {
            if (members.Contains(item.Id))
            {
                using var buffer = new MemoryStream();
                using (var writer = new Utf8JsonWriter(buffer, writerOptions))
                {
                    PendingEmailJson.From(item).WriteTo(writer, json.Value.SerializerOptions);
                }

                items.Add(new PendingDraft(item.Sandbox, buffer.ToArray()));
            }
        }

        var snapshot = new Snapshot(after, items, takenAt);
        if (ids.SequenceEqual(after, StringComparer.Ordinal))
        {
            Volatile.Write(ref _snapshot, snapshot);
        }

        return snapshot;
    }

    /// <summary>Pending drafts oldest first, with the membership they were read under.</summary>
    internal sealed record Snapshot(IReadOnlyList<string> Ids, IReadOnlyList<PendingDraft> Items, long TakenAt);

    /// <summary>One pending draft's JSON in the contract's shape.</summary>
    internal sealed record PendingDraft(bool Sandbox, byte[] Json);
}
