using System.Collections.Concurrent;

namespace Caio.Safety.Internal;

/// <summary>Time-zone lookups and local-to-instant conversions that are correct across DST changes.</summary>
internal static class ZonedTime
{
    private static readonly ConcurrentDictionary<string, TimeZoneInfo?> Cache = new(StringComparer.Ordinal);

    /// <summary>Finds a time zone by IANA (or system) id; <see langword="false"/> when unknown.</summary>
    public static bool TryFind(string? id, out TimeZoneInfo timeZone)
    {
        if (string.IsNullOrWhiteSpace(id))
        {
            timeZone = TimeZoneInfo.Utc;
            return false;
        }

        var found = Cache.GetOrAdd(id, static key =>
        {
            if (string.Equals(key, "UTC", StringComparison.OrdinalIgnoreCase) || string.Equals(key, "Etc/UTC", StringComparison.OrdinalIgnoreCase))
            {
                return TimeZoneInfo.Utc;
            }

            try
            {
                return TimeZoneInfo.FindSystemTimeZoneById(key.Trim());
            }
            catch (TimeZoneNotFoundException)
            {
                return null;
            }
            catch (InvalidTimeZoneException)
            {
                return null;
            }
        });

        timeZone = found ?? TimeZoneInfo.Utc;
        return found is not null;
    }

    /// <summary>Finds a time zone or throws naming the setting.</summary>
    public static TimeZoneInfo Find(string? id, string settingName) =>
        TryFind(id, out var timeZone)
            ? timeZone
            : throw new ArgumentException($"{settingName}: unknown time zone id '{id}'. Use an IANA id such as 'Europe/Berlin' or 'UTC'.", settingName);

    /// <summary>
    /// The instant of a local wall-clock time. A time skipped by a DST change moves forward to the
    /// first valid local time; a repeated time takes its first occurrence.
    /// </summary>
    public static DateTimeOffset ToInstant(DateTime local, TimeZoneInfo timeZone)
    {
        local = DateTime.SpecifyKind(local, DateTimeKind.Unspecified);
        if (timeZone == TimeZoneInfo.Utc)
        {
            return new DateTimeOffset(local, TimeSpan.Zero);
        }

        var guard = 0;
        while (timeZone.IsInvalidTime(local) && guard++ < 24 * 60)
        {
            local = local.AddMinutes(1);
        }

        TimeSpan offset;
        if (timeZone.IsAmbiguousTime(local))
        {
            offset = TimeSpan.MinValue;
            foreach (var candidate in timeZone.GetAmbiguousTimeOffsets(local))
            {
                if (candidate > offset)
                {
                    offset = candidate;
                }
            }
        }
        else
        {
            offset = timeZone.GetUtcOffset(local);
        }

        return new DateTimeOffset(local, offset);
    }

    /// <summary>The instant the local calendar day starts.</summary>
    public static DateTimeOffset StartOfDay(DateOnly date, TimeZoneInfo timeZone) =>
        ToInstant(date.ToDateTime(TimeOnly.MinValue), timeZone);

    /// <summary>The local calendar date of an instant.</summary>
    public static DateOnly LocalDate(DateTimeOffset instant, TimeZoneInfo timeZone) =>
        DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(instant, timeZone).DateTime);
}
