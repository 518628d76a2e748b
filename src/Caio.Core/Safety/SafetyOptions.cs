namespace Caio.Safety;

/// <summary>Settings of the safety chain, bound from the <c>Caio:Safety</c> configuration section.</summary>
public sealed class SafetyOptions
{
    /// <summary>The configuration section the options are bound from.</summary>
    public const string SectionName = "Caio:Safety";

    /// <summary>When <see langword="true"/>, nothing is sent: drafts go to the outbox (reason <c>shadow_mode</c>).</summary>
    public bool ShadowMode { get; set; }

    /// <summary>Emergency stop settings.</summary>
    public EmergencyStopOptions EmergencyStop { get; set; } = new();

    /// <summary>Suppression settings.</summary>
    public SuppressionOptions Suppression { get; set; } = new();

    /// <summary>Ramp settings for a new sending setup.</summary>
    public RampOptions Ramp { get; set; } = new();

    /// <summary>Volume caps.</summary>
    public CapOptions Caps { get; set; } = new();

    /// <summary>Business-hours send window.</summary>
    public SendWindowOptions SendWindow { get; set; } = new();
}
