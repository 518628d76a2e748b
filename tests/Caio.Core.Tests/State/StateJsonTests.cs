using System.Text;
using System.Text.Json.Serialization;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.State;

public sealed class StateJsonTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetJsonAsync_AfterTryInsertJson_ReturnsValueAndVersion()
    {
        var sut = new InMemoryStateStore(new FakeTimeProvider(TestClock.Start));

        Assert.True(await sut.TryInsertJsonAsync("batch:B1", new Sample("draft", 3), StateJsonTestContext.Default.Sample, cancellationToken: Ct));
        Assert.False(await sut.TryInsertJsonAsync("batch:B1", new Sample("other", 0), StateJsonTestContext.Default.Sample, cancellationToken: Ct));

        var read = await sut.GetJsonAsync("batch:B1", StateJsonTestContext.Default.Sample, Ct);
        Assert.Equal((new Sample("draft", 3), 1L), read);
        Assert.Equal("{\"state\":\"draft\",\"count\":3}", Encoding.UTF8.GetString((await sut.GetAsync("batch:B1", Ct))!.Value.Span));
    }

    [Fact]
    public async Task CompareAndSetJsonAsync_StaleVersion_ReturnsNull()
    {
        var sut = new InMemoryStateStore(new FakeTimeProvider(TestClock.Start));
        await sut.PutJsonAsync("batch:B1", new Sample("draft", 1), StateJsonTestContext.Default.Sample, cancellationToken: Ct);

        Assert.Equal(2, await sut.CompareAndSetJsonAsync("batch:B1", new Sample("approved", 2), 1, StateJsonTestContext.Default.Sample, cancellationToken: Ct));
        Assert.Null(await sut.CompareAndSetJsonAsync("batch:B1", new Sample("rejected", 2), 1, StateJsonTestContext.Default.Sample, cancellationToken: Ct));
        Assert.Null(await sut.GetJsonAsync("batch:none", StateJsonTestContext.Default.Sample, Ct));
    }

    [Fact]
    public async Task PutJson_InTransaction_WritesCompactJson()
    {
        var sut = new InMemoryStateStore(new FakeTimeProvider(TestClock.Start));

        var result = await sut.CommitAsync(new StateTransaction().RequireVersion("batch:B1", 0).PutJson("batch:B1", new Sample("draft", 3), IndentedStateJsonTestContext.Default.Sample), Ct);

        Assert.Equal(1, result.VersionOf("batch:B1"));
        Assert.Equal((new Sample("draft", 3), 1L), await sut.GetJsonAsync("batch:B1", StateJsonTestContext.Default.Sample, Ct));
        Assert.Equal("{\"state\":\"draft\",\"count\":3}", Encoding.UTF8.GetString((await sut.GetAsync("batch:B1", Ct))!.Value.Span));
    }

    [Fact]
    public async Task AppendJsonAsync_IndentedContext_StillWritesOneLineRecords()
    {
        using var directory = new TempDirectory();
        var sut = new FileStateStore(new FileStateStoreOptions { Directory = directory.Path }, new FakeTimeProvider(TestClock.Start));

        await sut.AppendJsonAsync("audit", new Sample("a", 1), IndentedStateJsonTestContext.Default.Sample, Ct);
        await sut.AppendJsonAsync("audit", new Sample("b", 2), IndentedStateJsonTestContext.Default.Sample, Ct);

        List<(long, Sample)> read = [];
        await foreach (var item in sut.ReadLogJsonAsync("audit", IndentedStateJsonTestContext.Default.Sample, 1, Ct))
        {
            read.Add(item);
        }

        Assert.Equal([(1L, new Sample("b", 2))], read);
    }
}

internal sealed record Sample(string State, int Count);

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(Sample))]
internal sealed partial class StateJsonTestContext : JsonSerializerContext;

[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(Sample))]
internal sealed partial class IndentedStateJsonTestContext : JsonSerializerContext;
