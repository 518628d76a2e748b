using Caio.Internal;

namespace Caio.Core.Tests.Internal;

public sealed class IdGeneratorTests
{
    [Fact]
    public void NewId_FormatsUtcTimeAndTenHexDigits()
    {
        var id = IdGenerator.NewId("rq", new DateTimeOffset(2026, 3, 7, 4, 5, 6, 78, TimeSpan.FromHours(2)));

        Assert.Matches("^rq_20260307020506078_[0-9a-f]{10}$", id);
    }

    [Fact]
    public void NewId_SameInstant_IdsDifferAndSortByTime()
    {
        var at = new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);
        var ids = Enumerable.Range(0, 2_000).Select(_ => IdGenerator.NewId("batch", at)).ToHashSet(StringComparer.Ordinal);

        Assert.Equal(2_000, ids.Count);
        Assert.True(string.CompareOrdinal(IdGenerator.NewId("rq", at), IdGenerator.NewId("rq", at.AddMilliseconds(1))) < 0);
    }
}
