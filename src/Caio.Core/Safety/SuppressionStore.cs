using System.Text.Json;
using Caio.Dedup;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>
/// Persistent per-recipient suppression (key <c>suppression:&lt;recipient key&gt;</c>): unsubscribes,
/// hard bounces and soft-bounce strikes. Entries never expire and never reset daily.
/// </summary>
public sealed partial class SuppressionStore
{
    private const string Prefix = "suppression:";
    private const int MaxAttempts = 16;

    /// <summary>The longest value <see cref="StateKeySegment.Encode"/> keeps as it is.</summary>
    private const int MaxPlainSegment = 200;

    /// <summary>The characters <see cref="StateKeySegment.Encode"/> keeps as they are.</summary>
    private static readonly System.Buffers.SearchValues<char> PlainSegmentChars =
        System.Buffers.SearchValues.Create("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789:_.@+-");

    private readonly IStateStore _store;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the store; recipient keys are canonicalized with <see cref="EmailCanonicalizer.Default"/>.</summary>
    /// <param name="store">The state store.</param>
    /// <param name="options">Safety options (soft-bounce strikes).</param>
    /// <param name="timeProvider">Clock for timestamps.</param>
    public SuppressionStore(IStateStore store, IOptions<SafetyOptions> options, TimeProvider timeProvider)
        : this(store, options, timeProvider, EmailCanonicalizer.Default)
    {
    }

    /// <summary>Creates the store.</summary>
    /// <param name="store">The state store.</param>
    /// <param name="options">Safety options (soft-bounce strikes).</param>
    /// <param name="timeProvider">Clock for timestamps.</param>
    /// <param name="canonicalizer">
    /// Canonicalizes recipient keys exactly as the review queue does, so a suppression added as
    /// <c>email:Jane@Bücher.example</c> matches the recipient key <c>email:jane@xn--bcher-kva.example</c>.
    /// </param>
    public SuppressionStore(IStateStore store, IOptions<SafetyOptions> options, TimeProvider timeProvider, EmailCanonicalizer canonicalizer)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(canonicalizer);
        _store = store;
        _timeProvider = timeProvider;
        Canonicalizer = canonicalizer;
        SoftBounceStrikes = SafetyOptionsValidator.EnsureValid(options.Value).Suppression.SoftBounceStrikes;
    }

    /// <summary>Soft bounces after which a recipient is suppressed.</summary>
    public int SoftBounceStrikes { get; }

    /// <summary>The canonicalizer recipient keys, blocked addresses and blocked domains are normalized with.</summary>
    internal EmailCanonicalizer Canonicalizer { get; }

    /// <summary>Reads a recipient's entry.</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry, or <see langword="null"/> when the recipient was never suppressed or bounced.</returns>
    public ValueTask<SuppressionEntry?> GetAsync(string recipientKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientKey);

        // No async frame when the store answers synchronously (in memory).
        var read = _store.GetAsync(KeyFor(recipientKey), cancellationToken);
        return read.IsCompletedSuccessfully ? new(Read(read.Result)) : SlowAsync(read);

        static async ValueTask<SuppressionEntry?> SlowAsync(ValueTask<StateEntry?> pending) => Read(await pending.ConfigureAwait(false));
    }

    private static SuppressionEntry? Read(StateEntry? entry) => entry is null ? null : Deserialize(entry);

    /// <summary>Returns the suppression reason code for a recipient, or <see langword="null"/> when not suppressed.</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>A reason code from <see cref="ReasonCodes"/>, or <see langword="null"/>.</returns>
    public async ValueTask<string?> GetReasonAsync(string recipientKey, CancellationToken cancellationToken = default) =>
        ReasonFor(await GetAsync(recipientKey, cancellationToken).ConfigureAwait(false));

    /// <summary>Records an unsubscribe.</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="source">Where it came from (e.g. <c>reply</c>, <c>instantly</c>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The updated entry.</returns>
    public ValueTask<SuppressionEntry> RecordUnsubscribeAsync(string recipientKey, string? source = null, CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        return UpdateAsync(recipientKey, e => e with { Unsubscribed = true, UnsubscribedAt = e.UnsubscribedAt ?? now, Source = source ?? e.Source }, cancellationToken);
    }

    /// <summary>Records a hard bounce.</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="source">Where it came from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The updated entry.</returns>
    public ValueTask<SuppressionEntry> RecordHardBounceAsync(string recipientKey, string? source = null, CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        return UpdateAsync(recipientKey, e => e with { HardBounced = true, HardBouncedAt = e.HardBouncedAt ?? now, Source = source ?? e.Source }, cancellationToken);
    }

    /// <summary>Records one soft-bounce strike.</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="source">Where it came from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The updated entry (see <see cref="SuppressionEntry.SoftBounces"/>).</returns>
    public ValueTask<SuppressionEntry> RecordSoftBounceAsync(string recipientKey, string? source = null, CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        return UpdateAsync(recipientKey, e => Strike(e, now, source), cancellationToken);
    }

    /// <summary>How many counted soft-bounce event ids an entry keeps to recognise one processed again.</summary>
    public const int SoftBounceEventsKept = 8;

    /// <summary>
    /// Records the soft-bounce strike of one provider event, once: the same <paramref name="eventId"/> again (an
    /// event processed a second time after a crash) leaves the count as it is.
    /// </summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="eventId">The event's identity, unique across providers (e.g. <c>instantly:evt_123</c>, as the webhook parsers make it).</param>
    /// <param name="source">Where it came from.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry after the event (see <see cref="SuppressionEntry.SoftBounces"/>).</returns>
    public ValueTask<SuppressionEntry> RecordSoftBounceEventAsync(string recipientKey, string eventId, string? source = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(eventId);
        var now = _timeProvider.GetUtcNow();
        return UpdateAsync(
            recipientKey,
            e => e.SoftBounceEvents?.Contains(eventId, StringComparer.Ordinal) == true
                ? e
                : Strike(e, now, source) with { SoftBounceEvents = [.. (e.SoftBounceEvents ?? []).TakeLast(SoftBounceEventsKept - 1), eventId] },
            cancellationToken);
    }

    /// <summary>The entry with one more soft-bounce strike at <paramref name="now"/>.</summary>
    private static SuppressionEntry Strike(SuppressionEntry entry, DateTimeOffset now, string? source) =>
        entry with { SoftBounces = entry.SoftBounces + 1, LastSoftBounceAt = now, Source = source ?? entry.Source };

    /// <summary>Removes a recipient's entry (an operator decision, e.g. a bounce recorded in error).</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns><see langword="true"/> when an entry was removed.</returns>
    public async ValueTask<bool> ClearAsync(string recipientKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientKey);
        var key = KeyFor(recipientKey);
        var existed = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not null;
        await _store.CommitAsync(new StateTransaction().Delete(key).IndexRemove(ListIndex, CanonicalKey(recipientKey)), cancellationToken).ConfigureAwait(false);
        return existed;
    }

    /// <summary>The reason code an entry suppresses with, or <see langword="null"/>.</summary>
    internal string? ReasonFor(SuppressionEntry? entry)
    {
        if (entry is null)
        {
            return null;
        }

        if (entry.Unsubscribed)
        {
            return ReasonCodes.SuppressedUnsubscribed;
        }

        if (entry.HardBounced)
        {
            return ReasonCodes.SuppressedHardBounce;
        }

        if (entry.Blocked)
        {
            return ReasonCodes.BlockedEmail;
        }

        return entry.SoftBounces >= SoftBounceStrikes ? ReasonCodes.SuppressedSoftBounce : null;
    }

    /// <summary>
    /// The canonical form of a recipient key: an email key (<c>email:…</c>, or a bare address) is
    /// canonicalized exactly as recipient keys are; other keys, and addresses that cannot be
    /// canonicalized, are kept as given so that a suppression is never lost.
    /// </summary>
    /// <param name="recipientKey">The key as given.</param>
    /// <returns>The canonical key.</returns>
    internal string CanonicalKey(string recipientKey)
    {
        var trimmed = recipientKey.Trim();
        var isEmailKey = trimmed.StartsWith(DedupKey.Prefix, StringComparison.OrdinalIgnoreCase);
        if (!isEmailKey && (trimmed.Contains(':', StringComparison.Ordinal) || !trimmed.Contains('@', StringComparison.Ordinal)))
        {
            return trimmed;
        }

        var address = isEmailKey ? trimmed[DedupKey.Prefix.Length..] : trimmed;
        return Canonicalizer.TryCreateKey(address, out var key, out _) ? key.Value : trimmed;
    }

    private string KeyFor(string recipientKey)
    {
        // The usual key, email:<address>, canonicalized on the stack and joined to the prefix in one string;
        // the same key as below whenever the canonical key is a plain key segment.
        var trimmed = recipientKey.AsSpan().Trim();
        if (trimmed.StartsWith(DedupKey.Prefix, StringComparison.OrdinalIgnoreCase))
        {
            Span<char> buffer = stackalloc char[DedupKey.Prefix.Length + EmailCanonicalizer.MaxNormalizedLength];
            if (Canonicalizer.TryWriteKey(trimmed[DedupKey.Prefix.Length..], buffer, out var written, out _)
                && written <= MaxPlainSegment
                && buffer[..written].IndexOfAnyExcept(PlainSegmentChars) < 0)
            {
                return string.Concat(Prefix, buffer[..written]);
            }
        }

        return Prefix + StateKeys.Segment(CanonicalKey(recipientKey));
    }

    private static SuppressionEntry Deserialize(StateEntry entry) =>
        JsonSerializer.Deserialize(entry.Value.Span, SafetyJsonContext.Default.SuppressionEntry)
        ?? throw new InvalidDataException($"State record {entry.Key} holds no suppression entry.");

    internal async ValueTask<SuppressionEntry> UpdateAsync(string recipientKey, Func<SuppressionEntry, SuppressionEntry> change, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientKey);
        var key = KeyFor(recipientKey);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var before = current is null ? new SuppressionEntry() : Deserialize(current);
            var updated = change(before);
            if (current is not null && ReferenceEquals(updated, before))
            {
                // Nothing to change (an event counted already): no write, the entry keeps its version.
                return updated;
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(updated, SafetyJsonContext.Default.SuppressionEntry);
            var result = await _store.CommitAsync(
                new StateTransaction()
                    .RequireVersion(key, current?.Version ?? 0)
                    .Put(key, bytes)
                    .IndexAdd(ListIndex, CanonicalKey(recipientKey), _timeProvider.GetUtcNow().ToUnixTimeMilliseconds()),
                cancellationToken).ConfigureAwait(false);
            if (result.Committed)
            {
                return updated;
            }
        }

        throw new InvalidOperationException($"Suppression entry {key} kept changing; gave up after {MaxAttempts} attempts.");
    }
}
