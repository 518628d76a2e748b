namespace Caio.Safety;

/// <summary>Emergency stop settings.</summary>
public sealed class EmergencyStopOptions
{
    /// <summary>Engages the stop from configuration (in addition to the environment variable and the runtime switch).</summary>
    public bool Engaged { get; set; }

    /// <summary>
    /// Name of the environment variable that engages the stop. Values <c>1</c>, <c>true</c>, <c>on</c>,
    /// <c>yes</c> engage it; empty, <c>0</c>, <c>false</c>, <c>off</c>, <c>no</c> do not; any other value
    /// engages it (fail closed). Default <c>EMERGENCY_STOP</c>.
    /// </summary>
    public string EnvironmentVariable { get; set; } = "EMERGENCY_STOP";
}
