using System.Globalization;

namespace Caio.Safety.Internal;

/// <summary>The month, day and hour windows that contain one instant, in one time zone.</summary>
internal sealed class CalendarWindows
{
    private CalendarWindows(DateOnly day, DateTimeOffset dayStart, DateTimeOffset dayEnd, DateTimeOffset monthEnd, DateTimeOffset hourStart, DateTimeOffset hourEnd)
    {
        Day = day;
        DayStart = dayStart;
        DayEnd = dayEnd;
        MonthEnd = monthEnd;
        HourStart = hourStart;
        HourEnd = hourEnd;
        DayId = day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        MonthId = day.ToString("yyyy-MM", CultureInfo.InvariantCulture);
        HourId = hourStart.UtcDateTime.ToString("yyyyMMdd'T'HHmm'Z'", CultureInfo.InvariantCulture);
        ValidFrom = hourStart > dayStart ? hourStart : dayStart;
        ValidUntil = hourEnd < dayEnd ? hourEnd : dayEnd;
    }

    /// <summary>The local date.</summary>
    public DateOnly Day { get; }

    /// <summary>Local date as <c>yyyy-MM-dd</c>.</summary>
    public string DayId { get; }

    /// <summary>Local month as <c>yyyy-MM</c>.</summary>
    public string MonthId { get; }

    /// <summary>Start of the local hour as a UTC stamp (<c>yyyyMMddTHHmmZ</c>), unique even when a local hour repeats.</summary>
    public string HourId { get; }

    /// <summary>Start of the local day.</summary>
    public DateTimeOffset DayStart { get; }

    /// <summary>End of the local day (start of the next one).</summary>
    public DateTimeOffset DayEnd { get; }

    /// <summary>End of the local month.</summary>
    public DateTimeOffset MonthEnd { get; }

    /// <summary>Start of the local hour.</summary>
    public DateTimeOffset HourStart { get; }

    /// <summary>End of the local hour.</summary>
    public DateTimeOffset HourEnd { get; }

    /// <summary>First instant this snapshot describes.</summary>
    public DateTimeOffset ValidFrom { get; }

    /// <summary>First instant this snapshot no longer describes.</summary>
    public DateTimeOffset ValidUntil { get; }

    /// <summary>Computes the windows that contain <paramref name="now"/>.</summary>
    public static CalendarWindows For(DateTimeOffset now, TimeZoneInfo timeZone)
    {
        var local = TimeZoneInfo.ConvertTime(now, timeZone);
        var day = DateOnly.FromDateTime(local.DateTime);
        var dayStart = ZonedTime.StartOfDay(day, timeZone);
        var dayEnd = ZonedTime.StartOfDay(day.AddDays(1), timeZone);
        var firstOfMonth = new DateOnly(day.Year, day.Month, 1);
        var monthEnd = ZonedTime.StartOfDay(firstOfMonth.AddMonths(1), timeZone);
        var hourStart = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset);
        if (hourStart < dayStart)
        {
            hourStart = dayStart;
        }

        var hourEnd = new DateTimeOffset(local.Year, local.Month, local.Day, local.Hour, 0, 0, local.Offset).AddHours(1);
        return new CalendarWindows(day, dayStart, dayEnd, monthEnd, hourStart, hourEnd);
    }
}

/// <summary>Caches the current <see cref="CalendarWindows"/> so most evaluations do no time-zone math.</summary>
internal sealed class WindowClock(TimeZoneInfo timeZone)
{
    private CalendarWindows? _current;

    /// <summary>The time zone of the windows.</summary>
    public TimeZoneInfo TimeZone { get; } = timeZone;

    /// <summary>The windows containing <paramref name="now"/>.</summary>
    public CalendarWindows At(DateTimeOffset now)
    {
        var current = Volatile.Read(ref _current);
        if (current is not null && now >= current.ValidFrom && now < current.ValidUntil)
        {
            return current;
        }

        current = CalendarWindows.For(now, TimeZone);
        Volatile.Write(ref _current, current);
        return current;
    }
}
