using System.Diagnostics;
using Caio.Batches;
using Caio.Diagnostics;
using Microsoft.Extensions.Logging;

namespace Caio.Dispatch;

public sealed partial class DispatchOperator
{
    private static Activity? StartBatchActivity(string batchId) =>
        CaioTelemetry.ActivitySource.StartActivity(CaioTelemetry.BatchActivity)?.SetTag("caio.batch.id", batchId);

    private static Activity? StartSendActivity(DispatchBatch batch, BatchAction action) =>
        CaioTelemetry.ActivitySource.StartActivity(CaioTelemetry.SendActivity)?.SetTag("caio.batch.id", batch.Id).SetTag("caio.action.id", action.ActionId);

    /// <summary>Records a settled action of a live run: the send counter, its span's outcome and a debug line.</summary>
    private void Settled(Activity? activity, ActionOutcome outcome)
    {
        _metrics?.SendSettled(outcome);
        CaioMetrics.Settle(activity, outcome);
        if (_logger.IsEnabled(LogLevel.Debug))
        {
            LogActionSettled(outcome.ActionId, LogRedaction.Recipient(_logger, outcome.RecipientKey), outcome.Channel, outcome.Outcome.ToWireName(), outcome.Reason ?? "-");
        }
    }

    [LoggerMessage(EventId = 308, Level = LogLevel.Debug, Message = "Action {ActionId} to {Recipient} via {Channel}: {Outcome} ({Reason})")]
    private partial void LogActionSettled(string actionId, string recipient, string channel, string outcome, string reason);
}
