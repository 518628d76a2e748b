namespace Caio.Safety;

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
