using Caio.Leads;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>The safety state at a glance.</summary>
/// <param name="EmergencyStop">The emergency stop.</param>
/// <param name="ShadowMode">Whether shadow mode is on.</param>
/// <param name="Ramp">The ramp's progress.</param>
/// <param name="Caps">Cap usage per channel and window.</param>
public sealed record SafetyStatus(EmergencyStopStatus EmergencyStop, bool ShadowMode, RampProgress Ramp, IReadOnlyList<CapUsage> Caps);
