using Caio.Safety;

namespace Caio.Dispatch;

/// <summary>
/// Records that a provider confirmed a send Caio handed to it: the ledger entry of the (recipient, step)
/// gets <see cref="LedgerEntry.ConfirmedAt"/> and <see cref="LedgerEntry.ConfirmedBy"/>. Idempotent and
/// compare-and-set; the entry's state never changes, so the never-twice promise is untouched (handed
/// off is final whether or not a confirmation ever arrives).
/// </summary>
/// <param name="ledger">Send ledger.</param>
/// <param name="history">Contact history (finds the step when the provider does not name it).</param>
public sealed class SendConfirmations(SendLedger ledger, ContactHistory history)
{
    /// <summary>Confirmed by a provider event that implies delivery (sent, delivered, opened, replied, connection accepted, ...).</summary>
    public const string DeliveryEvent = "delivery_event";

    /// <summary>Confirmed by reading the message back from the provider (e.g. GoHighLevel's conversation thread).</summary>
    public const string ProofRead = "proof_read";

    /// <summary>Records the confirmation of the send of a (recipient, step) through a channel.</summary>
    /// <param name="recipientKey">Canonical recipient key.</param>
    /// <param name="step">Sequence step; when <see langword="null"/>, the latest step the contact history records for <paramref name="channel"/>.</param>
    /// <param name="channel">Channel name that handed it off (<c>instantly</c>, <c>heyreach</c>, <c>ghl</c>); an entry of another channel is left alone.</param>
    /// <param name="source"><see cref="DeliveryEvent"/> or <see cref="ProofRead"/>.</param>
    /// <param name="cancellationToken">Cancels the read and write.</param>
    /// <returns><see langword="true"/> when this call recorded the confirmation; <see langword="false"/> when there is no such sent entry or it was confirmed already.</returns>
    public async ValueTask<bool> ConfirmAsync(string recipientKey, int? step, string channel, string source, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(recipientKey);
        ArgumentException.ThrowIfNullOrWhiteSpace(channel);
        if (source is not (DeliveryEvent or ProofRead))
        {
            throw new ArgumentException($"A confirmation source is '{DeliveryEvent}' or '{ProofRead}', not '{source}'.", nameof(source));
        }

        if (step is null)
        {
            var record = await history.GetAsync(recipientKey, cancellationToken).ConfigureAwait(false);
            step = record?.Sends.LastOrDefault(s => string.Equals(s.Provider, channel, StringComparison.OrdinalIgnoreCase))?.Step;
            if (step is null)
            {
                return false;
            }
        }

        const int MaxAttempts = 8;
        for (var attempt = 0; attempt < MaxAttempts; attempt++)
        {
            if (await ledger.GetAsync(recipientKey, step.Value, cancellationToken).ConfigureAwait(false) is not { } found
                || found.Entry.State != LedgerState.Sent
                || found.Entry.ConfirmedAt is not null
                || !string.Equals(found.Entry.Channel, channel, StringComparison.OrdinalIgnoreCase))
            {
                return false;
            }

            if (await ledger.ConfirmAsync(found.Entry, found.Version, source, cancellationToken).ConfigureAwait(false))
            {
                return true;
            }
        }

        return false;
    }
}
