namespace Caio.Safety;

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
