using Caio.Audit;
using Caio.Notifications;

namespace Caio.Safety;

/// <summary>Engages or releases the runtime emergency stop, with an audit record and an alert.</summary>
/// <param name="stop">The emergency stop.</param>
/// <param name="audit">Audit trail.</param>
/// <param name="alerts">Alerts.</param>
/// <param name="timeProvider">Clock.</param>
public sealed class EmergencySwitch(IEmergencyStop stop, IAuditLog audit, IAlertPublisher alerts, TimeProvider timeProvider)
{
    /// <summary>Switches the runtime stop and reports the resulting status (the environment or configuration may still hold it).</summary>
    /// <param name="engaged">On or off.</param>
    /// <param name="by">Who (the authenticated identity).</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the operation.</param>
    /// <returns>The status after the switch.</returns>
    public async Task<EmergencyStopStatus> SetAsync(bool engaged, string by, string? reason, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        await stop.SetAsync(engaged, by, reason, cancellationToken).ConfigureAwait(false);
        var now = timeProvider.GetUtcNow();
        await audit.AppendAsync(
            new AuditRecord { At = now, Action = engaged ? AuditActions.EmergencyStopOn : AuditActions.EmergencyStopOff, Actor = by, Detail = reason },
            CancellationToken.None).ConfigureAwait(false);
        await alerts.PublishAsync(
            new AlertEvent { At = now, Level = engaged ? 3 : 1, Code = engaged ? "emergency_stop_on" : "emergency_stop_off", Message = $"Emergency stop {(engaged ? "engaged" : "released")} by {by}{(reason is null ? string.Empty : ": " + reason)}" },
            CancellationToken.None).ConfigureAwait(false);
        return await stop.GetStatusAsync(cancellationToken).ConfigureAwait(false);
    }
}
