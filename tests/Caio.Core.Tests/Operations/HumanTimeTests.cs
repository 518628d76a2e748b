using Caio.Operations;

namespace Caio.Core.Tests.Operations;

public sealed class HumanTimeTests
{
    private static readonly DateTimeOffset Monday1006Utc = new(2026, 11, 23, 10, 6, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-11-23T15:00:00Z", "America/Chicago", "Mon 09:00 America/Chicago, in 4 h 54 min")]
    [InlineData("2026-11-23T10:06:30Z", null, "Mon 10:06 UTC, in 30 s")]
    [InlineData("2026-11-24T12:00:00Z", "UTC", "Tue 12:00 UTC, in 1 day 1 h")]
    [InlineData("2026-12-04T09:00:00Z", "Europe/Berlin", "Fri 2026-12-04 10:00 Europe/Berlin, in 10 days")]
    [InlineData("2026-11-23T10:01:00Z", "Not/AZone", "Mon 10:01 UTC, 5 min ago")]
    [InlineData("2026-11-20T10:06:00Z", null, "Fri 2026-11-20 10:06 UTC, 3 days ago")]
    public void Format_SaysTheTimeAsPeopleReadIt(string at, string? zone, string expected) =>
        Assert.Equal(expected, HumanTime.Format(DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture), Monday1006Utc, zone));
}
