using Caio.Audit;
using Caio.Batches;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using static Caio.Dispatch.Internal.DispatchWire;

namespace Caio.Dispatch.Internal;

/// <summary>
/// Reconciliation: asks the channels whether maybe_sent sends (and reservations whose executor died)
/// went out and records each answer through the <see cref="OutcomeRecorder"/>; repairs items left
/// maybe_sent whose own ledger entry is settled; releases orphaned batch claims.
/// </summary>
internal sealed partial class Reconciler(
    BatchService batches,
    IReviewQueue queue,
    SendLedger ledger,
    IEnumerable<IDispatchChannel> channels,
    IStateStore store,
    TimeProvider timeProvider,
    IOptions<OperatorOptions> options,
    OutcomeRecorder recorder,
    ILogger<DispatchOperator> logger)
{
    private readonly IReadOnlyList<IDispatchChannel> _channels = [.. channels];
    private readonly OperatorOptions _options = options.Value;
    private readonly ILogger<DispatchOperator> _logger = logger;

    /// <summary>One reconciliation pass, as <see cref="DispatchOperator.ReconcileAsync"/> describes it.</summary>
    public async Task<ReconcileReport> ReconcileAsync(CancellationToken cancellationToken)
    {
        int examined = 0, sent = 0, notSent = 0, unknown = 0;
        var entries = new List<(LedgerEntry Entry, long Version)>(await ledger.ListMaybeSentAsync(cancellationToken).ConfigureAwait(false));
        entries.AddRange(await ledger.ListStaleReservationsAsync(timeProvider.GetUtcNow() - _options.StaleReservationAge, cancellationToken).ConfigureAwait(false));
        foreach (var (entry, version) in entries)
        {
            examined++;
            Lease? lease = null;
            if (entry.State == LedgerState.Reserved)
            {
                // Only an executor that lost its lease may be dead; a held lease means it is alive (perhaps paused).
                lease = await store.TryAcquireLeaseAsync(ExecutionLeaseName(entry.BatchId), _options.ExecutionLeaseTtl, cancellationToken).ConfigureAwait(false);
                if (lease is null)
                {
                    LogReconcileSkippedLiveExecutor(entry.IdempotencyKey, entry.BatchId);
                    unknown++;
                    continue;
                }
            }

            try
            {
                switch (await ReconcileOneAsync(entry, version, cancellationToken).ConfigureAwait(false))
                {
                    case LedgerState.Sent:
                        sent++;
                        break;
                    case LedgerState.NotSent:
                        notSent++;
                        break;
                    default:
                        unknown++;
                        break;
                }
            }
            finally
            {
                if (lease is not null)
                {
                    await ReleaseLeaseQuietlyAsync(lease).ConfigureAwait(false);
                }
            }
        }

        // Repair: an item left maybe_sent although its own ledger entry is settled (state recorded by a
        // version that wrote outcomes as separate writes and died between them) gets what the ledger says.
        foreach (var item in await queue.ListAsync(ReviewStatus.MaybeSent, null, cancellationToken).ConfigureAwait(false))
        {
            switch (await RepairSettledAsync(item, cancellationToken).ConfigureAwait(false))
            {
                case LedgerState.Sent:
                    examined++;
                    sent++;
                    break;
                case LedgerState.NotSent:
                    examined++;
                    notSent++;
                    break;
            }
        }

        // Approved items held by a batch that no longer exists or has finished go back to the pool (audited, alerted).
        await batches.ReleaseOrphanedClaimsAsync(cancellationToken).ConfigureAwait(false);
        return new ReconcileReport(examined, sent, notSent, unknown);
    }

    /// <summary>
    /// Gives a maybe_sent item whose own ledger entry is already settled the status (and, for sent, the
    /// contact-history record) that the entry implies, in one commit. Never asks the provider.
    /// </summary>
    private async Task<LedgerState?> RepairSettledAsync(ReviewItem item, CancellationToken cancellationToken)
    {
        if (await ledger.GetAsync(item.RecipientKey, item.Step, cancellationToken).ConfigureAwait(false) is not { } found
            || !string.Equals(found.Entry.ItemId, item.Id, StringComparison.Ordinal))
        {
            return null;
        }

        var entry = found.Entry;
        var detail = $"repaired: the ledger entry is already {Wire(entry.State)}";
        switch (entry.State)
        {
            case LedgerState.Sent:
                await recorder.CommitOutcomeAsync(item.Id, ReviewStatus.Sent, ReasonCodes.ReconciledSent, ledger: null, new HistorySend(entry.RecipientKey, entry.Step, item.Channel, entry.Channel)).ConfigureAwait(false);
                await recorder.AuditAsync(AuditActions.SendReconciled, item, entry.BatchId, entry.Channel, ReasonCodes.ReconciledSent, detail, entry.MessageId).ConfigureAwait(false);
                return LedgerState.Sent;
            case LedgerState.NotSent or LedgerState.Failed:
                await recorder.CommitOutcomeAsync(item.Id, ReviewStatus.SendFailed, ReasonCodes.ReconciledNotSent, ledger: null, history: null).ConfigureAwait(false);
                await recorder.AuditAsync(AuditActions.SendReconciled, item, entry.BatchId, entry.Channel, ReasonCodes.ReconciledNotSent, detail, null).ConfigureAwait(false);
                return LedgerState.NotSent;
            default:
                return null;
        }
    }

    private async Task<LedgerState?> ReconcileOneAsync(LedgerEntry entry, long version, CancellationToken cancellationToken)
    {
        var channel = _channels.FirstOrDefault(c => c.Name == entry.Channel);
        var item = await queue.GetAsync(entry.ItemId, cancellationToken).ConfigureAwait(false);
        if (channel is null || item is null)
        {
            return null;
        }

        DeliveryCheck check;
        try
        {
            check = await channel.CheckAsync(BuildCheckRequest(entry, item), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The provider could not answer now: the entry stays maybe_sent for the next pass.
            return null;
        }

        switch (check.Status)
        {
            case DeliveryStatus.Sent:
                // Ledger, contact history and item status in one commit: a crash leaves all or none.
                if (!await recorder.CommitOutcomeAsync(
                        item.Id,
                        ReviewStatus.Sent,
                        ReasonCodes.ReconciledSent,
                        new LedgerChange(entry, version, LedgerState.Sent, check.MessageId, "reconciled", check.DeliveryConfirmed ? SendConfirmations.ProofRead : null),
                        new HistorySend(entry.RecipientKey, entry.Step, channel.Channel, channel.Name),
                        abortOnLedgerConflict: true).ConfigureAwait(false))
                {
                    LogReconcileConflict(entry.IdempotencyKey, "sent");
                    return null;
                }

                await recorder.AuditAsync(AuditActions.SendReconciled, item, entry.BatchId, channel, ReasonCodes.ReconciledSent, null, check.MessageId).ConfigureAwait(false);
                return LedgerState.Sent;
            case DeliveryStatus.NotSent:
                if (!await recorder.CommitOutcomeAsync(
                        item.Id,
                        ReviewStatus.SendFailed,
                        ReasonCodes.ReconciledNotSent,
                        new LedgerChange(entry, version, LedgerState.NotSent, null, "reconciled: the provider has no record of it"),
                        history: null,
                        abortOnLedgerConflict: true).ConfigureAwait(false))
                {
                    LogReconcileConflict(entry.IdempotencyKey, "not_sent");
                    return null;
                }

                await recorder.AuditAsync(AuditActions.SendReconciled, item, entry.BatchId, channel, ReasonCodes.ReconciledNotSent, null, null).ConfigureAwait(false);
                return LedgerState.NotSent;
            default:
                return null;
        }
    }

    private async Task ReleaseLeaseQuietlyAsync(Lease lease)
    {
        try
        {
            await store.ReleaseLeaseAsync(lease, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or TimeoutException or InvalidOperationException)
        {
            // The lease lapses on its own after its TTL.
            LogLeaseRenewalFailed(ex, lease.Name);
        }
    }

    /// <summary>The request a reconciliation asks the provider about: the ledger entry's recipient, step and idempotency key.</summary>
    private static ChannelSendRequest BuildCheckRequest(LedgerEntry entry, ReviewItem item) =>
        new(entry.IdempotencyKey, entry.RecipientKey, item.RecipientEmail, item.LinkedInUrl, entry.Step, item.ApprovedSubject ?? item.Subject, item.ApprovedBody ?? item.Body, item.Id, entry.BatchId) { Tier = item.Tier, Motion = item.Motion };

    [LoggerMessage(EventId = 306, Level = LogLevel.Information, Message = "Reconciliation left reservation {IdempotencyKey} alone: the execution lease of batch {BatchId} is still held")]
    private partial void LogReconcileSkippedLiveExecutor(string idempotencyKey, string batchId);

    [LoggerMessage(EventId = 307, Level = LogLevel.Warning, Message = "Reconciliation of ledger entry {IdempotencyKey} as {Outcome} lost to a concurrent change; it is looked at again on the next pass")]
    private partial void LogReconcileConflict(string idempotencyKey, string outcome);

    [LoggerMessage(EventId = 303, Level = LogLevel.Error, Message = "Renewing or releasing execution lease {Lease} failed; no further sends start")]
    private partial void LogLeaseRenewalFailed(Exception exception, string lease);
}
