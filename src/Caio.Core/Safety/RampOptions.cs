namespace Caio.Safety;

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
