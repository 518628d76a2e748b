using Caio.Leads;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>Reads the safety state for <c>status</c> and the dashboard ("why is nothing sending").</summary>
public sealed class SafetyStatusReader
{
    private readonly IEmergencyStop _emergencyStop;
    private readonly RampTracker _ramp;
    private readonly SendCaps _caps;
    private readonly bool _shadowMode;

    /// <summary>Creates the reader.</summary>
    /// <param name="emergencyStop">The emergency stop.</param>
    /// <param name="ramp">The ramp tracker.</param>
    /// <param name="caps">The caps.</param>
    /// <param name="options">Safety options.</param>
    public SafetyStatusReader(IEmergencyStop emergencyStop, RampTracker ramp, SendCaps caps, IOptions<SafetyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(emergencyStop);
        ArgumentNullException.ThrowIfNull(ramp);
        ArgumentNullException.ThrowIfNull(caps);
        ArgumentNullException.ThrowIfNull(options);
        _emergencyStop = emergencyStop;
        _ramp = ramp;
        _caps = caps;
        _shadowMode = options.Value.ShadowMode;
    }

    /// <summary>Reads the whole safety status.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The status.</returns>
    public async ValueTask<SafetyStatus> GetStatusAsync(CancellationToken cancellationToken = default)
    {
        EmergencyStopStatus stop;
        try
        {
            stop = await _emergencyStop.GetStatusAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            stop = new EmergencyStopStatus(true, EmergencyStopSource.Unreadable, ReasonCodes.EmergencyStopUnreadable, null, null, ex.Message);
        }

        var ramp = await _ramp.GetProgressAsync(cancellationToken).ConfigureAwait(false);
        var caps = await GetCapUsageAsync(cancellationToken).ConfigureAwait(false);
        return new SafetyStatus(stop, _shadowMode, ramp, caps);
    }

    /// <summary>Reads the usage of the global cap windows (monthly, daily, hourly) of every channel.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per channel and window.</returns>
    public async ValueTask<IReadOnlyList<CapUsage>> GetCapUsageAsync(CancellationToken cancellationToken = default)
    {
        var all = new List<CapUsage>();
        foreach (var channel in Enum.GetValues<Channel>())
        {
            all.AddRange(await _caps.GetUsageAsync(channel, null, null, cancellationToken).ConfigureAwait(false));
        }

        return all;
    }
}
