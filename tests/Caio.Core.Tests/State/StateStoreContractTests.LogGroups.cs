using Caio.State;

namespace Caio.Core.Tests.State;

/// <summary>The group append of logs (<see cref="IStateStore.AppendManyAsync"/>), on every backend.</summary>
public abstract partial class StateStoreContractTests
{
    [Fact]
    public async Task AppendManyAsync_Group_LandsInOrderAfterEarlierRecordsAndReturnsItsFirstPosition()
    {
        var sut = CreateStore();
        await sut.AppendAsync("audit", Json("""{"n":0}"""), Ct);

        var first = await sut.AppendManyAsync("audit", [Json("""{"n":1}"""), Json("""{"n":2}"""), Json("""{"n":3}""")], Ct);
        var next = await sut.AppendAsync("audit", Json("""{"n":4}"""), Ct);

        Assert.Equal(1, first);
        Assert.Equal(4, next);
        var all = await Collect(CreateStore().ReadLogAsync("audit", cancellationToken: Ct));
        Assert.Equal([0L, 1L, 2L, 3L, 4L], all.Select(r => r.Position));
        Assert.Equal(["""{"n":0}""", """{"n":1}""", """{"n":2}""", """{"n":3}""", """{"n":4}"""], all.Select(r => Text(r.Value)));
    }

    [Fact]
    public async Task AppendManyAsync_Empty_WritesNothingAndReturnsTheLength()
    {
        var sut = CreateStore();

        Assert.Equal(0, await sut.AppendManyAsync("audit", [], Ct));
        await sut.AppendManyAsync("audit", [Json("1"), Json("2")], Ct);
        Assert.Equal(2, await sut.AppendManyAsync("audit", [], Ct));
        Assert.Equal(2, (await Collect(sut.ReadLogAsync("audit", cancellationToken: Ct))).Count);
    }

    [Fact]
    public async Task AppendManyAsync_OneRecordWithLineBreak_RefusesTheWholeGroup()
    {
        var sut = CreateStore();

        await Assert.ThrowsAsync<ArgumentException>(async () => await sut.AppendManyAsync("audit", [Json("""{"a":1}"""), Json("{\n\"a\":2}")], Ct));
        Assert.Empty(await Collect(sut.ReadLogAsync("audit", cancellationToken: Ct)));
    }

    [Fact]
    public async Task AppendManyAsync_ConcurrentGroups_StayContiguous()
    {
        var sut = CreateStore();
        const int Groups = 8, PerGroup = 20;

        var firsts = await Task.WhenAll(Enumerable.Range(0, Groups).Select(g => Task.Run(
            async () => await sut.AppendManyAsync("audit", [.. Enumerable.Range(0, PerGroup).Select(i => Json($"{{\"g\":{g},\"i\":{i}}}"))], Ct),
            Ct)));

        var read = await Collect(sut.ReadLogAsync("audit", cancellationToken: Ct));
        Assert.Equal(Groups * PerGroup, read.Count);
        for (var g = 0; g < Groups; g++)
        {
            // No other append landed inside a group: its records sit at first .. first + PerGroup - 1, in order.
            var expected = Enumerable.Range(0, PerGroup).Select(i => $"{{\"g\":{g},\"i\":{i}}}");
            Assert.Equal(expected, read.Skip((int)firsts[g]).Take(PerGroup).Select(r => Text(r.Value)));
        }
    }
}
