using System.Text.Json;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Safety;

/// <summary>What engaged the emergency stop; written as <c>none</c>, <c>configuration</c>, <c>environment</c>, <c>runtime</c> or <c>unreadable</c>.</summary>
[System.Text.Json.Serialization.JsonConverter(typeof(Caio.Serialization.SnakeCaseEnumConverter<EmergencyStopSource>))]
public enum EmergencyStopSource
{
    /// <summary>Not engaged.</summary>
    None = 0,

    /// <summary>The <c>Caio:Safety:EmergencyStop:Engaged</c> setting.</summary>
    Configuration,

    /// <summary>The environment variable (default <c>EMERGENCY_STOP</c>).</summary>
    Environment,

    /// <summary>The runtime switch in state.</summary>
    Runtime,

    /// <summary>The runtime switch could not be read (fail closed).</summary>
    Unreadable,
}
