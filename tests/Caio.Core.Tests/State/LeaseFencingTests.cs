using System.Text;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.State;

public sealed class LeaseFencingTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CommitFencedAsync_StaleHolderAfterTakeover_IsRefusedAndTheNewerWriteStays()
    {
        using var directory = new TempDirectory();
        var time = new FakeTimeProvider(TestClock.Start);
        var store = new FileStateStore(new FileStateStoreOptions { Directory = directory.Path }, time);
        var stale = (await store.TryAcquireLeaseAsync("job:nightly", TimeSpan.FromSeconds(30), Ct))!;
        time.Advance(TimeSpan.FromSeconds(31));
        var fresh = (await store.TryAcquireLeaseAsync("job:nightly", TimeSpan.FromSeconds(30), Ct))!;

        var newer = await store.CommitFencedAsync(fresh, () => new StateTransaction().Put("job:result", "2"u8.ToArray()), Ct);
        var late = await store.CommitFencedAsync(stale, () => new StateTransaction().Put("job:result", "1"u8.ToArray()), Ct);

        Assert.True(newer!.Committed);
        Assert.Null(late);
        Assert.Equal("2", Encoding.UTF8.GetString((await store.GetAsync("job:result", Ct))!.Value.Span));
    }

    [Fact]
    public async Task CommitFencedAsync_SameHolderAgain_Commits()
    {
        var store = new InMemoryStateStore(new FakeTimeProvider(TestClock.Start));
        var lease = (await store.TryAcquireLeaseAsync("job:nightly", TimeSpan.FromSeconds(30), Ct))!;

        await store.CommitFencedAsync(lease, () => new StateTransaction().Put("job:result", "1"u8.ToArray()), Ct);
        var again = await store.CommitFencedAsync(lease, () => new StateTransaction().Put("job:result", "2"u8.ToArray()), Ct);

        Assert.True(again!.Committed);
        Assert.Equal(2, (await store.GetAsync(LeaseFencing.FenceKey("job:nightly"), Ct))!.Version);
    }
}
