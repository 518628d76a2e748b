using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Serialization;
using Caio.State;

namespace Caio.Dispatch;

/// <summary>
/// The never-twice ledger: one record per (canonical recipient, step), created with put-if-absent
/// before any provider call. Whoever creates it owns the send; everybody else sees it and refuses.
/// Costs O(1) per send whatever the number of recipients on record.
/// </summary>
public sealed class SendLedger
{
    /// <summary>Index of entries awaiting reconciliation.</summary>
    public const string MaybeSentIndex = "ledger:maybe-sent";

    /// <summary>Index of reservations without an outcome yet, by reservation time.</summary>
    public const string OpenIndex = "ledger:open";

    private const string HandedOffIndexPrefix = "ledger:handed-off:";
    private const string ConfirmedIndexPrefix = "ledger:confirmed:";

    private readonly IStateStore _store;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the ledger.</summary>
    /// <param name="store">State backend.</param>
    /// <param name="timeProvider">Clock.</param>
    public SendLedger(IStateStore store, TimeProvider timeProvider)
    {
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _timeProvider = timeProvider ?? throw new ArgumentNullException(nameof(timeProvider));
    }

    /// <summary>The deterministic idempotency key of a (recipient, step): the same for every retry and worker.</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="step">Step.</param>
    /// <returns><c>caio-</c> followed by 32 hex digits.</returns>
    public static string IdempotencyKeyFor(string recipientKey, int step)
    {
        ArgumentNullException.ThrowIfNull(recipientKey);
        var hash = SHA256.HashData(Encoding.UTF8.GetBytes(recipientKey + "\n" + step.ToString(System.Globalization.CultureInfo.InvariantCulture)));
        return "caio-" + Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }

    /// <summary>
    /// The idempotency key of one attempt at a (recipient, step): attempt 1 has the key of
    /// <see cref="IdempotencyKeyFor(string, int)"/>; a later attempt (after an earlier one was settled
    /// as not sent) has its own key, so a provider never answers it with the earlier attempt's result.
    /// </summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="step">Step.</param>
    /// <param name="attempt">Attempt number, from 1.</param>
    /// <returns><c>caio-</c> followed by 32 hex digits.</returns>
    public static string IdempotencyKeyFor(string recipientKey, int step, int attempt)
    {
        ArgumentNullException.ThrowIfNull(recipientKey);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        if (attempt == 1)
        {
            return IdempotencyKeyFor(recipientKey, step);
        }

        var text = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{recipientKey}\n{step}\n{attempt}");
        return "caio-" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)).AsSpan(0, 16));
    }

    /// <summary>Reserves a (recipient, step) atomically.</summary>
    /// <param name="entry">The reservation (state <see cref="LedgerState.Reserved"/>).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The reservation with its version, or the existing entry when someone holds it already.</returns>
    public async ValueTask<LedgerReservation> ReserveAsync(LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = Key(entry.RecipientKey, entry.Step);
        return await ReserveAtAsync(key, entry, expectedVersion: 0, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads the entry of a (recipient, step).</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="step">Step.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry and its version, or <see langword="null"/>.</returns>
    public async ValueTask<(LedgerEntry Entry, long Version)?> GetAsync(string recipientKey, int step, CancellationToken cancellationToken = default) =>
        await _store.GetJsonAsync(Key(recipientKey, step), LedgerJsonContext.Default.LedgerEntry, cancellationToken).ConfigureAwait(false);

    /// <summary>
    /// Moves an entry to a new state (compare-and-set on its version), together with its
    /// maybe-sent and open index entries, in one commit.
    /// </summary>
    /// <param name="current">The entry as read.</param>
    /// <param name="version">Its version.</param>
    /// <param name="state">New state.</param>
    /// <param name="messageId">Provider message id, when known.</param>
    /// <param name="detail">Reason.</param>
    /// <param name="cancellationToken">Cancels the write. Callers recording an outcome pass <see cref="CancellationToken.None"/>.</param>
    /// <returns>The new version, or <see langword="null"/> when the entry changed meanwhile.</returns>
    public async ValueTask<long?> TransitionAsync(LedgerEntry current, long version, LedgerState state, string? messageId = null, string? detail = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(current);
        var transaction = new StateTransaction();
        var key = AddTransition(transaction, current, version, state, messageId, detail, confirmedBy: null);
        var result = await _store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
        return result.Committed ? result.VersionOf(key) : null;
    }

    /// <summary>
    /// Adds the writes of <see cref="TransitionAsync"/> to a caller's commit, so that a send outcome
    /// lands together with the item status and contact history it implies (decision 0007).
    /// </summary>
    /// <param name="transaction">The commit to add to.</param>
    /// <param name="current">The entry as read.</param>
    /// <param name="version">Its version (the commit's condition).</param>
    /// <param name="state">New state.</param>
    /// <param name="messageId">Provider message id, when known.</param>
    /// <param name="detail">Reason.</param>
    /// <param name="confirmedBy">For a move to sent that carries the provider's proof of delivery: what proved it.</param>
    /// <returns>The entry's key, as named by the condition.</returns>
    internal string AddTransition(StateTransaction transaction, LedgerEntry current, long version, LedgerState state, string? messageId, string? detail, string? confirmedBy)
    {
        var key = Key(current.RecipientKey, current.Step);
        var now = _timeProvider.GetUtcNow();
        var next = current with { State = state, MessageId = messageId ?? current.MessageId, Detail = detail, UpdatedAt = now };
        if (state == LedgerState.Sent && confirmedBy is not null && current.ConfirmedAt is null)
        {
            next = next with { ConfirmedAt = now, ConfirmedBy = confirmedBy };
            transaction.IndexAdd(ConfirmedIndex(now), key, now.ToUnixTimeMilliseconds());
        }

        if (state == LedgerState.Sent && current.State != LedgerState.Sent)
        {
            transaction.IndexAdd(HandedOffIndex(now), key, now.ToUnixTimeMilliseconds());
        }

        transaction
            .RequireVersion(key, version)
            .PutJson(key, next, LedgerJsonContext.Default.LedgerEntry);
        if (state == LedgerState.MaybeSent)
        {
            transaction.IndexAdd(MaybeSentIndex, key, next.UpdatedAt.ToUnixTimeMilliseconds());
        }
        else if (current.State == LedgerState.MaybeSent)
        {
            transaction.IndexRemove(MaybeSentIndex, key);
        }

        if (current.State == LedgerState.Reserved && state != LedgerState.Reserved)
        {
            transaction.IndexRemove(OpenIndex, key);
        }

        return key;
    }

    /// <summary>
    /// Takes over an entry that is settled as not sent (<see cref="LedgerState.Failed"/> or
    /// <see cref="LedgerState.NotSent"/>) for a new attempt, with compare-and-set on its version: of
    /// several callers at most one succeeds. Sent, maybe_sent and reserved entries are never taken over.
    /// </summary>
    /// <param name="settled">The settled entry as read.</param>
    /// <param name="version">Its version.</param>
    /// <param name="entry">The new reservation (its <see cref="LedgerEntry.Attempt"/> and idempotency key set by the caller).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The reservation, or the current entry when it is not settled as not sent or changed meanwhile.</returns>
    public async ValueTask<LedgerReservation> ReplaceSettledAsync(LedgerEntry settled, long version, LedgerEntry entry, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(settled);
        ArgumentNullException.ThrowIfNull(entry);
        var key = Key(entry.RecipientKey, entry.Step);
        if (settled.State is not (LedgerState.Failed or LedgerState.NotSent) || !string.Equals(key, Key(settled.RecipientKey, settled.Step), StringComparison.Ordinal))
        {
            return new LedgerReservation(false, settled, version);
        }

        return await ReserveAtAsync(key, entry with { MessageId = null, Detail = null }, version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Writes a reservation over the entry at <paramref name="expectedVersion"/> (0: none), together with
    /// its open-index entry, so a reservation whose executor dies is always found by reconciliation.
    /// </summary>
    private async ValueTask<LedgerReservation> ReserveAtAsync(string key, LedgerEntry entry, long expectedVersion, CancellationToken cancellationToken)
    {
        var now = _timeProvider.GetUtcNow();
        var reserved = entry with { State = LedgerState.Reserved, ReservedAt = now, UpdatedAt = now };
        var result = await _store.CommitAsync(
            new StateTransaction()
                .RequireVersion(key, expectedVersion)
                .PutJson(key, reserved, LedgerJsonContext.Default.LedgerEntry)
                .IndexAdd(OpenIndex, key, now.ToUnixTimeMilliseconds()),
            cancellationToken).ConfigureAwait(false);
        if (result.Committed)
        {
            return new LedgerReservation(true, reserved, result.VersionOf(key));
        }

        var existing = await _store.GetJsonAsync(key, LedgerJsonContext.Default.LedgerEntry, cancellationToken).ConfigureAwait(false);
        return new LedgerReservation(false, existing?.Value, existing?.Version ?? 0);
    }

    /// <summary>Releases a reservation whose provider call never started (a later safety check refused).</summary>
    /// <param name="entry">The reserved entry.</param>
    /// <param name="version">Its version.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns><see langword="true"/> when released.</returns>
    public async ValueTask<bool> ReleaseAsync(LedgerEntry entry, long version, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(entry);
        if (version < 1)
        {
            return false; // a live entry is never at version 0
        }

        var key = Key(entry.RecipientKey, entry.Step);
        var result = await _store.CommitAsync(
            new StateTransaction().RequireVersion(key, version).Delete(key).IndexRemove(OpenIndex, key),
            cancellationToken).ConfigureAwait(false);
        return result.Committed;
    }

    /// <summary>Reservations made before <paramref name="reservedBefore"/> that never got an outcome (their executor died).</summary>
    /// <param name="reservedBefore">Cut-off.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries with their versions.</returns>
    public async ValueTask<IReadOnlyList<(LedgerEntry Entry, long Version)>> ListStaleReservationsAsync(DateTimeOffset reservedBefore, CancellationToken cancellationToken = default)
    {
        var keys = await _store.IndexRangeAsync(OpenIndex, double.NegativeInfinity, reservedBefore.ToUnixTimeMilliseconds(), null, cancellationToken).ConfigureAwait(false);
        var entries = new List<(LedgerEntry, long)>(keys.Count);
        foreach (var key in keys)
        {
            if (await _store.GetJsonAsync(key.Member, LedgerJsonContext.Default.LedgerEntry, cancellationToken).ConfigureAwait(false) is { Value.State: LedgerState.Reserved } found)
            {
                entries.Add(found);
            }
        }

        return entries;
    }

    /// <summary>Entries awaiting reconciliation (maybe_sent), oldest first.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries with their versions.</returns>
    public async ValueTask<IReadOnlyList<(LedgerEntry Entry, long Version)>> ListMaybeSentAsync(CancellationToken cancellationToken = default)
    {
        var keys = await _store.IndexRangeAsync(MaybeSentIndex, double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false);
        var entries = new List<(LedgerEntry, long)>(keys.Count);
        foreach (var key in keys)
        {
            if (await _store.GetJsonAsync(key.Member, LedgerJsonContext.Default.LedgerEntry, cancellationToken).ConfigureAwait(false) is { Value.State: LedgerState.MaybeSent } found)
            {
                entries.Add(found);
            }
        }

        return entries;
    }

    /// <summary>
    /// Records the provider's confirmation of a <see cref="LedgerState.Sent"/> entry, with compare-and-set
    /// on its version. Never changes the state; an entry already confirmed, or not sent, is left alone.
    /// </summary>
    /// <param name="entry">The entry as read.</param>
    /// <param name="version">Its version.</param>
    /// <param name="confirmedBy">What confirmed it.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when this call recorded the confirmation.</returns>
    internal async ValueTask<bool> ConfirmAsync(LedgerEntry entry, long version, string confirmedBy, CancellationToken cancellationToken)
    {
        if (entry.State != LedgerState.Sent || entry.ConfirmedAt is not null)
        {
            return false;
        }

        var key = Key(entry.RecipientKey, entry.Step);
        var now = _timeProvider.GetUtcNow();

        // Counted on the day it was handed off, so a day's confirmed count never exceeds its handed-off count.
        var result = await _store.CommitAsync(
            new StateTransaction()
                .RequireVersion(key, version)
                .PutJson(key, entry with { ConfirmedAt = now, ConfirmedBy = confirmedBy }, LedgerJsonContext.Default.LedgerEntry)
                .IndexAdd(ConfirmedIndex(entry.UpdatedAt), key, now.ToUnixTimeMilliseconds()),
            cancellationToken).ConfigureAwait(false);
        return result.Committed;
    }

    /// <summary>
    /// How many (recipient, step) entries were handed to the provider on a UTC day, and how many of
    /// those the provider has confirmed so far.
    /// </summary>
    /// <param name="day">The UTC day.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Handed off and confirmed counts.</returns>
    public async ValueTask<(long HandedOff, long Confirmed)> CountSendsAsync(DateOnly day, CancellationToken cancellationToken = default)
    {
        var at = new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), TimeSpan.Zero);
        var handedOff = await _store.IndexRangeAsync(HandedOffIndex(at), double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false);
        var confirmed = await _store.IndexRangeAsync(ConfirmedIndex(at), double.NegativeInfinity, double.PositiveInfinity, null, cancellationToken).ConfigureAwait(false);
        return (handedOff.Count, confirmed.Count);
    }

    private static string HandedOffIndex(DateTimeOffset at) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{HandedOffIndexPrefix}{at.UtcDateTime:yyyyMMdd}");

    private static string ConfirmedIndex(DateTimeOffset at) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ConfirmedIndexPrefix}{at.UtcDateTime:yyyyMMdd}");

    private static string Key(string recipientKey, int step) =>
        string.Create(System.Globalization.CultureInfo.InvariantCulture, $"ledger:{StateKeySegment.Encode(recipientKey)}:s{step}");
}
