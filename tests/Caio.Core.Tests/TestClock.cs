namespace Caio.Core.Tests;

/// <summary>Where the tests' fake clocks start unless a test names its own time.</summary>
internal static class TestClock
{
    /// <summary>Monday 2026-01-05 09:00 UTC.</summary>
    public static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
}
