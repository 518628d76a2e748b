using System.Text.Json.Serialization;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Review;
using Caio.Safety;
using Microsoft.Extensions.Options;

namespace Caio.Operations;

/// <summary>Answers "what state is the system in, and why is nothing sending?" for <c>status</c> and the dashboard.</summary>
/// <param name="safety">Safety status (stop, ramp, caps).</param>
/// <param name="queue">Review queue.</param>
/// <param name="batches">Dispatch batches.</param>
/// <param name="ledger">Send ledger.</param>
/// <param name="options">Root options.</param>
/// <param name="safetyOptions">Safety options.</param>
/// <param name="refusals">Refusal counts.</param>
/// <param name="timeProvider">Clock.</param>
public sealed class StatusService(
    SafetyStatusReader safety,
    IReviewQueue queue,
    BatchService batches,
    SendLedger ledger,
    IOptions<CaioOptions> options,
    IOptions<SafetyOptions> safetyOptions,
    RefusalStatistics refusals,
    TimeProvider timeProvider)
{
    /// <summary>Reads the status.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The status.</returns>
    public async Task<CaioStatus> GetAsync(CancellationToken cancellationToken = default)
    {
        var status = await safety.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        var queueCounts = await queue.CountAsync(cancellationToken).ConfigureAwait(false);
        var batchCounts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        foreach (var batchStatus in Enum.GetValues<BatchStatus>())
        {
            var list = await batches.ListAsync(batchStatus, cancellationToken).ConfigureAwait(false);
            batchCounts[JsonNamingPolicyName(batchStatus)] = list.Count;
        }

        var maybeSent = await ledger.ListMaybeSentAsync(cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        var sends = await ledger.CountSendsAsync(DateOnly.FromDateTime(now.UtcDateTime), cancellationToken).ConfigureAwait(false);
        return new CaioStatus
        {
            At = now,
            EmergencyStop = new EmergencyStopView(status.EmergencyStop.Stopped, status.EmergencyStop.Source, status.EmergencyStop.ReasonCode, status.EmergencyStop.By, status.EmergencyStop.At, status.EmergencyStop.Reason),
            Mode = status.ShadowMode ? OperatingMode.Shadow : OperatingMode.DryRunByDefault,
            RolloutPhase = options.Value.RolloutPhase,
            Ramp = status.Ramp,
            Caps = [.. status.Caps.Select(c => new CapView(Leads.ChannelNames.Of(c.Channel), c.Window, c.Scope, c.Used, c.Limit, c.WindowEnd))],
            CapTimeZone = safetyOptions.Value.Caps.TimeZone,
            Queue = queueCounts.ToDictionary(p => p.Key.ToWireName(), p => p.Value, StringComparer.Ordinal),
            Batches = batchCounts,
            SendsToday = new SendCountsView(sends.HandedOff, sends.Confirmed),
            RefusalsToday = (await refusals.TodayAsync(cancellationToken).ConfigureAwait(false)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal),
            MaybeSent = [.. maybeSent.Select(m => new MaybeSentView(m.Entry.ItemId, m.Entry.BatchId, m.Entry.RecipientKey, m.Entry.Step, m.Entry.Channel, m.Entry.UpdatedAt, m.Entry.Detail))],
        };
    }

    private static string JsonNamingPolicyName(BatchStatus status) => status.ToString().ToLowerInvariant();
}
