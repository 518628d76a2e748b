using System.Text.Json;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>
/// The emergency stop: engaged by configuration, by an environment variable or by a runtime switch
/// kept in state. Checked first in the chain and again right before every provider call.
/// </summary>
public interface IEmergencyStop
{
    /// <summary>Whether sending must stop now. Fails closed: an unreadable state counts as stopped.</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns><see langword="true"/> when stopped.</returns>
    ValueTask<bool> IsStoppedAsync(CancellationToken cancellationToken = default);

    /// <summary>Reads the full status (source, who, when, why) for <c>status</c> and the dashboard.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The status.</returns>
    ValueTask<EmergencyStopStatus> GetStatusAsync(CancellationToken cancellationToken = default);

    /// <summary>Engages or releases the runtime switch. Configuration and environment stops stay in force.</summary>
    /// <param name="engaged">Whether to engage the stop.</param>
    /// <param name="by">The acting identity.</param>
    /// <param name="reason">Why.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the switch is stored.</returns>
    ValueTask SetAsync(bool engaged, string by, string? reason, CancellationToken cancellationToken = default);
}
