using System.Text.Json;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>The emergency stop's state.</summary>
/// <param name="Stopped">Whether sending is stopped.</param>
/// <param name="Source">What stopped it.</param>
/// <param name="ReasonCode"><c>emergency_stop</c> or <c>emergency_stop_unreadable</c> when stopped.</param>
/// <param name="By">Who set the runtime switch last, when known.</param>
/// <param name="At">When the runtime switch was set last, when known.</param>
/// <param name="Reason">Why, when known.</param>
public sealed record EmergencyStopStatus(bool Stopped, EmergencyStopSource Source, ReasonCode? ReasonCode, string? By, DateTimeOffset? At, string? Reason);
