using System.Text.Json;
using System.Text.Json.Serialization;
using Caio.Leads;
using Caio.Safety.Internal;
using Caio.State;

namespace Caio.Safety;

/// <summary>
/// Persistent contact history per recipient (key <c>contact:&lt;recipient key&gt;</c>): which steps were
/// sent on which channel through which provider, and whether the recipient reached a terminal
/// status. Recording and checking touch exactly one key, so their cost does not grow with the
/// number of recipients on record; nothing resets daily.
/// </summary>
public sealed class ContactHistory
{
    private const string Prefix = "contact:";

    private static RecipientStateKey? s_lastKey;
    private const int MaxAttempts = 16;

    private readonly IStateStore _store;
    private readonly TimeProvider _timeProvider;

    /// <summary>Creates the history.</summary>
    /// <param name="store">The state store.</param>
    /// <param name="timeProvider">Clock for timestamps.</param>
    public ContactHistory(IStateStore store, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _store = store;
        _timeProvider = timeProvider;
    }

    /// <summary>Reads a recipient's record.</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or <see langword="null"/> when nothing is on record.</returns>
    public async ValueTask<ContactRecord?> GetAsync(string recipientKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientKey);
        var entry = await _store.GetAsync(KeyFor(recipientKey), cancellationToken).ConfigureAwait(false);
        return entry is null ? null : Deserialize(entry);
    }

    /// <summary>Records that a step was sent (or may have been sent) to a recipient.</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="step">The sequence step.</param>
    /// <param name="channel">The channel it went out on.</param>
    /// <param name="provider">The provider, e.g. <c>instantly</c>, <c>heyreach</c>, <c>ghl</c>.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The updated record.</returns>
    public ValueTask<ContactRecord> RecordSendAsync(string recipientKey, int step, Channel channel, string? provider = null, CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        return UpdateAsync(
            recipientKey,
            record =>
            {
                foreach (var send in record.Sends)
                {
                    if (send.Step == step && send.Channel == channel)
                    {
                        return null;
                    }
                }

                return record with { Sends = [.. record.Sends, new ContactSend(step, channel, provider, now)] };
            },
            cancellationToken);
    }

    /// <summary>
    /// The write <see cref="RecordSendAsync"/> would make, for a caller's commit (decision 0007): the
    /// record key, the version it was read at (the commit's condition) and the new document; or
    /// <see langword="null"/> when the step is already on record for that channel.
    /// </summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="step">The sequence step.</param>
    /// <param name="channel">The channel it went out on.</param>
    /// <param name="provider">The provider.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The write, or <see langword="null"/>.</returns>
    internal async ValueTask<ContactWrite?> PrepareRecordSendAsync(string recipientKey, int step, Channel channel, string? provider, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientKey);
        var key = KeyFor(recipientKey);
        var current = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
        var record = current is null ? new ContactRecord() : Deserialize(current);
        if (record.Sends.Any(send => send.Step == step && send.Channel == channel))
        {
            return null;
        }

        var updated = record with { Sends = [.. record.Sends, new ContactSend(step, channel, provider, _timeProvider.GetUtcNow())] };
        return new ContactWrite(key, current?.Version ?? 0, JsonSerializer.SerializeToUtf8Bytes(updated, SafetyJsonContext.Default.ContactRecord));
    }

    /// <summary>Records a terminal status; the first terminal status is kept.</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="status">The status.</param>
    /// <param name="reason">Optional reason.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The updated record.</returns>
    public ValueTask<ContactRecord> MarkTerminalAsync(string recipientKey, TerminalStatus status, string? reason = null, CancellationToken cancellationToken = default)
    {
        var now = _timeProvider.GetUtcNow();
        return UpdateAsync(
            recipientKey,
            record => record.Terminal is null ? record with { Terminal = status, TerminalAt = now, TerminalReason = reason } : null,
            cancellationToken);
    }

    /// <summary>
    /// Checks a planned send against the history: denied when the recipient is terminal or the step
    /// was already sent on any channel.
    /// </summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="step">The sequence step.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The decision.</returns>
    public ValueTask<GuardDecision> CheckAsync(string recipientKey, int step, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientKey);

        // No async frame when the store answers synchronously (in memory).
        var read = _store.GetAsync(KeyFor(recipientKey), cancellationToken);
        return read.IsCompletedSuccessfully ? new(Check(read.Result, step)) : SlowAsync(read, step);

        static async ValueTask<GuardDecision> SlowAsync(ValueTask<StateEntry?> pending, int step) => Check(await pending.ConfigureAwait(false), step);
    }

    private static GuardDecision Check(StateEntry? entry, int step)
    {
        if (entry is null)
        {
            return GuardDecision.Allow;
        }

        var record = Deserialize(entry);
        if (record.Terminal is { } terminal)
        {
            return GuardDecision.Deny(ReasonCodes.TerminalStatus, $"recipient is {TerminalStatusNames.ToWireName(terminal)}");
        }

        foreach (var send in record.Sends)
        {
            if (send.Step == step)
            {
                return GuardDecision.Deny(ReasonCodes.AlreadySent, $"step {step} already sent via {send.Provider ?? ChannelNames.Of(send.Channel)}");
            }
        }

        return GuardDecision.Allow;
    }

    internal static string KeyFor(string recipientKey)
    {
        // Consecutive checks of one recipient (evaluate, then record) build its key once.
        var last = s_lastKey;
        if (last is not null && ReferenceEquals(last.RecipientKey, recipientKey))
        {
            return last.Key;
        }

        var key = Prefix + StateKeys.Segment(recipientKey);
        s_lastKey = new RecipientStateKey(recipientKey, key);
        return key;
    }

    private static ContactRecord Deserialize(StateEntry entry) =>
        JsonSerializer.Deserialize(entry.Value.Span, SafetyJsonContext.Default.ContactRecord)
        ?? throw new InvalidDataException($"State record {entry.Key} holds no contact record.");

    private async ValueTask<ContactRecord> UpdateAsync(string recipientKey, Func<ContactRecord, ContactRecord?> change, CancellationToken cancellationToken)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientKey);
        var key = KeyFor(recipientKey);
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            var current = await _store.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var record = current is null ? new ContactRecord() : Deserialize(current);
            var updated = change(record);
            if (updated is null)
            {
                return record;
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(updated, SafetyJsonContext.Default.ContactRecord);
            if (await _store.CompareAndSetAsync(key, bytes, current?.Version ?? 0, null, cancellationToken).ConfigureAwait(false) is not null)
            {
                return updated;
            }
        }

        throw new InvalidOperationException($"Contact record {key} kept changing; gave up after {MaxAttempts} attempts.");
    }

    /// <summary>A recipient key and the state key of its contact record.</summary>
    private sealed record RecipientStateKey(string RecipientKey, string Key);
}

/// <summary>A contact-history write prepared for a caller's commit: put <paramref name="Value"/> at <paramref name="Key"/> if it is still at <paramref name="Version"/>.</summary>
/// <param name="Key">The record key.</param>
/// <param name="Version">The version read (0 = absent).</param>
/// <param name="Value">The new document.</param>
internal sealed record ContactWrite(string Key, long Version, byte[] Value);
