namespace Caio.Providers.Instantly;

/// <summary>
/// A campaign to create. It is always created as a draft; activation is an explicit operator command.
/// Each step's subject and body come from per-lead custom variables
/// (<c>{{caio_subject_N}}</c>, <c>{{caio_body_N}}</c>), so every lead receives exactly the copy a human approved.
/// </summary>
public sealed record InstantlyCampaignDraft
{
    /// <summary>Campaign name.</summary>
    public required string Name { get; init; }

    /// <summary>Timezone from Instantly's list (e.g. <c>America/Chicago</c>).</summary>
    public required string TimeZone { get; init; }

    /// <summary>Window start, <c>HH:mm</c>. Default 09:00.</summary>
    public string From { get; init; } = "09:00";

    /// <summary>Window end, <c>HH:mm</c>. Default 17:00.</summary>
    public string To { get; init; } = "17:00";

    /// <summary>Sending days, 0 = Sunday … 6 = Saturday. Default Monday–Friday.</summary>
    public IReadOnlyList<int> Days { get; init; } = [1, 2, 3, 4, 5];

    /// <summary>Number of steps; step N waits <see cref="DelayDays"/> days after step N-1. Default 3.</summary>
    public int Steps { get; init; } = 3;

    /// <summary>Days between steps. Default 3.</summary>
    public int DelayDays { get; init; } = 3;

    /// <summary>Sender addresses (<c>email_list</c>).</summary>
    public IReadOnlyList<string>? SenderEmails { get; init; }

    /// <summary>Daily sending limit of the campaign.</summary>
    public int? DailyLimit { get; init; }
}
