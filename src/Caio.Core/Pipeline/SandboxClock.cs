namespace Caio.Pipeline;

/// <summary>
/// The simulated wall clock of a sandbox run: it starts at the beginning of a business day (or at a
/// given instant) and is moved forward by the sandbox send stage to the time each deferred send could
/// go, until the end of that UTC day. Register it as the <see cref="TimeProvider"/> of a host that runs
/// only the sandbox (and has its own state); never give it to production work. Timestamps and timers
/// stay real, so durations and lease renewals measure real time.
/// </summary>
public sealed class SandboxClock : TimeProvider
{
    private readonly TimeProvider _real;
    private long _utcTicks;

    /// <summary>Creates a clock that simulates from <paramref name="start"/> to the end of its UTC day.</summary>
    /// <param name="start">The first simulated instant.</param>
    /// <param name="real">Supplies timestamps and timers (default <see cref="TimeProvider.System"/>).</param>
    public SandboxClock(DateTimeOffset start, TimeProvider? real = null)
    {
        _real = real ?? TimeProvider.System;
        Start = start.ToUniversalTime();
        End = new DateTimeOffset(Start.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        _utcTicks = Start.UtcTicks;
    }

    /// <summary>The first simulated instant.</summary>
    public DateTimeOffset Start { get; }

    /// <summary>The end (exclusive) of the simulated day: midnight UTC after <see cref="Start"/>.</summary>
    public DateTimeOffset End { get; }

    /// <summary>
    /// A clock for the next business day (Monday to Friday, UTC) after <paramref name="now"/>, from midnight
    /// UTC: a run simulates what a whole day of dispatch would do.
    /// </summary>
    /// <param name="now">The real time.</param>
    /// <returns>The clock.</returns>
    public static SandboxClock ForNextBusinessDay(DateTimeOffset now)
    {
        var day = now.UtcDateTime.Date.AddDays(1);
        while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
        {
            day = day.AddDays(1);
        }

        return new SandboxClock(new DateTimeOffset(day, TimeSpan.Zero));
    }

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _utcTicks), TimeSpan.Zero);

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => _real.TimestampFrequency;

    /// <inheritdoc />
    public override long GetTimestamp() => _real.GetTimestamp();

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _real.CreateTimer(callback, state, dueTime, period);

    /// <summary>Moves the clock forward to <paramref name="at"/> (never backwards).</summary>
    /// <param name="at">The new simulated time.</param>
    /// <returns>Whether the clock moved.</returns>
    public bool AdvanceTo(DateTimeOffset at)
    {
        var target = at.UtcTicks;
        while (true)
        {
            var current = Interlocked.Read(ref _utcTicks);
            if (target <= current)
            {
                return false;
            }

            if (Interlocked.CompareExchange(ref _utcTicks, target, current) == current)
            {
                return true;
            }
        }
    }
}
