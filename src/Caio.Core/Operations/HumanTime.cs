using System.Globalization;
using System.Text;
using Caio.Safety.Internal;

namespace Caio.Operations;

/// <summary>Writes instants the way people read them: <c>Mon 09:00 America/Chicago, in 3 h 54 min</c>.</summary>
public static class HumanTime
{
    /// <summary>Formats <paramref name="at"/> in <paramref name="timeZone"/>, with how far it is from <paramref name="now"/>.</summary>
    /// <param name="at">The instant.</param>
    /// <param name="now">The current time.</param>
    /// <param name="timeZone">An IANA time zone id; <see langword="null"/>, empty or unknown: UTC.</param>
    /// <returns>e.g. <c>Mon 09:00 America/Chicago, in 3 h 54 min</c>, <c>Tue 2026-12-01 17:00 UTC, in 8 days</c> or <c>Mon 08:10 UTC, 5 min ago</c>.</returns>
    public static string Format(DateTimeOffset at, DateTimeOffset now, string? timeZone = null)
    {
        var zoneName = ZonedTime.TryFind(timeZone, out var zone) ? timeZone! : "UTC";
        if (zoneName == "UTC")
        {
            zone = TimeZoneInfo.Utc;
        }

        var local = TimeZoneInfo.ConvertTime(at, zone);
        var localNow = TimeZoneInfo.ConvertTime(now, zone);
        var distance = at - now;
        // Within a week the weekday says which day; further away (or in the past beyond a day) the date does.
        var pattern = distance.Duration() < TimeSpan.FromDays(6) && (distance >= TimeSpan.Zero || local.Date == localNow.Date)
            ? "ddd HH:mm"
            : "ddd yyyy-MM-dd HH:mm";
        return local.ToString(pattern, CultureInfo.InvariantCulture) + " " + zoneName + ", " + Relative(distance);
    }

    /// <summary>A duration as people say it: <c>3 h 54 min</c>, <c>45 s</c>, <c>2 days 4 h</c>.</summary>
    /// <param name="duration">The duration (its sign is ignored).</param>
    /// <returns>The text.</returns>
    public static string Duration(TimeSpan duration)
    {
        var d = duration.Duration();
        var text = new StringBuilder();
        if (d.TotalDays >= 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"{(int)d.TotalDays} day{((int)d.TotalDays == 1 ? string.Empty : "s")}");
            if (d.Hours > 0 && d.TotalDays < 7)
            {
                text.Append(CultureInfo.InvariantCulture, $" {d.Hours} h");
            }
        }
        else if (d.TotalHours >= 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"{d.Hours} h");
            if (d.Minutes > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" {d.Minutes} min");
            }
        }
        else if (d.TotalMinutes >= 1)
        {
            text.Append(CultureInfo.InvariantCulture, $"{d.Minutes} min");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{d.Seconds} s");
        }

        return text.ToString();
    }

    private static string Relative(TimeSpan distance) =>
        distance.Duration() < TimeSpan.FromSeconds(1) ? "now"
        : distance > TimeSpan.Zero ? "in " + Duration(distance)
        : Duration(distance) + " ago";
}
