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

/// <summary>Suppression settings.</summary>
public sealed class SuppressionOptions
{
    /// <summary>Number of soft bounces after which an address is suppressed. Default 3.</summary>
    public int SoftBounceStrikes { get; set; } = 3;

    /// <summary>
    /// Blocked domains (competitors, customers, own domains). Matched case-insensitively; a blocked
    /// domain also blocks its subdomains.
    /// </summary>
    public IList<string> BlockedDomains { get; } = [];

    /// <summary>Blocked addresses, matched case-insensitively against the canonical address.</summary>
    public IList<string> BlockedEmails { get; } = [];

    /// <summary>Refuse role mailboxes such as <c>info@</c> or <c>sales@</c>. Default <see langword="true"/>.</summary>
    public bool BlockRoleAddresses { get; set; } = true;

    /// <summary>Extra local parts treated as role mailboxes, in addition to the built-in list.</summary>
    public IList<string> RoleLocalParts { get; } = [];

    /// <summary>Refuse addresses at disposable-mail domains. Default <see langword="true"/>.</summary>
    public bool BlockDisposableDomains { get; set; } = true;

    /// <summary>Extra disposable-mail domains, in addition to the built-in list.</summary>
    public IList<string> DisposableDomains { get; } = [];
}

/// <summary>
/// Ramp settings: a new setup sends little, and only to the best tier, until it has had enough
/// clean live days (a day with at least one live send and no errors) within the look-back window.
/// </summary>
public sealed class RampOptions
{
    /// <summary>Whether the ramp applies. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Sends per day (per channel) while ramping. Default 5.</summary>
    public int DailyLimit { get; set; } = 5;

    /// <summary>Tiers sent while ramping, as wire names. Empty means <c>tier_1</c> only.</summary>
    public IList<string> AllowedTiers { get; } = [];

    /// <summary>Clean days needed within the look-back window to graduate. Default 5.</summary>
    public int CleanDaysRequired { get; set; } = 5;

    /// <summary>How many completed days before today are looked at. Default 14.</summary>
    public int LookbackDays { get; set; } = 14;
}

/// <summary>
/// Volume caps, counted per channel. A <see langword="null"/> limit switches that cap off; 0 allows nothing.
/// Day and month boundaries are those of <see cref="TimeZone"/>.
/// </summary>
public sealed class CapOptions
{
    /// <summary>Sends per calendar month. Default 2000.</summary>
    public int? Monthly { get; set; } = 2000;

    /// <summary>Sends per calendar day. Default 100.</summary>
    public int? Daily { get; set; } = 100;

    /// <summary>Sends per clock hour. Default 20.</summary>
    public int? Hourly { get; set; } = 20;

    /// <summary>Sends to one recipient domain per clock hour. Default 3.</summary>
    public int? PerDomainPerHour { get; set; } = 3;

    /// <summary>Sends to one recipient domain within one batch. Default 3.</summary>
    public int? PerDomainPerBatch { get; set; } = 3;

    /// <summary>Sends per sending mailbox per calendar day. Default 30.</summary>
    public int? PerMailboxDaily { get; set; } = 30;

    /// <summary>
    /// Minimum time between two sends from the same mailbox (or, without a mailbox, on the channel).
    /// <see cref="TimeSpan.Zero"/> switches it off. Default 45 seconds.
    /// </summary>
    public TimeSpan MinimumGap { get; set; } = TimeSpan.FromSeconds(45);

    /// <summary>IANA time zone for day and month boundaries (also the ramp's days). Default <c>UTC</c>.</summary>
    public string TimeZone { get; set; } = "UTC";
}

/// <summary>Business-hours send window, evaluated in the recipient's time zone where known.</summary>
public sealed class SendWindowOptions
{
    /// <summary>Whether the window applies. Default <see langword="true"/>.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Local opening time. Default 09:00.</summary>
    public TimeOnly Start { get; set; } = new(9, 0);

    /// <summary>Local closing time (exclusive). Default 17:00.</summary>
    public TimeOnly End { get; set; } = new(17, 0);

    /// <summary>Business days. Empty means Monday to Friday.</summary>
    public IList<DayOfWeek> BusinessDays { get; } = [];

    /// <summary>IANA time zone used when the recipient's zone is unknown. Default <c>UTC</c>.</summary>
    public string DefaultTimeZone { get; set; } = "UTC";
}
