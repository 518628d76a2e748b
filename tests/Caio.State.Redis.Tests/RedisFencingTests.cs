using System.Diagnostics;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace Caio.State.Redis.Tests;

/// <summary>Fenced leases on Redis: a stale holder's late write is refused by its fencing token.</summary>
public sealed class RedisFencingTests(RedisServerFixture redis)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CommitFenced_StaleHolderAfterTakeover_IsRefused()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 5, 9, 0, 0, TimeSpan.Zero));
        var store = new RedisStateStore(redis.Connection, new RedisStateOptions { EnvironmentName = RedisServerFixture.NewEnvironment() }, time);
        var stale = (await store.TryAcquireLeaseAsync("job:nightly", TimeSpan.FromSeconds(30), Ct))!;
        Assert.NotNull(await store.CommitFencedAsync(stale, () => new StateTransaction().Put("job:result", "1"u8.ToArray()), Ct));
        time.Advance(TimeSpan.FromSeconds(31));
        var fresh = (await store.TryAcquireLeaseAsync("job:nightly", TimeSpan.FromSeconds(30), Ct))!;

        var newer = await store.CommitFencedAsync(fresh, () => new StateTransaction().Put("job:result", "2"u8.ToArray()), Ct);
        var late = await store.CommitFencedAsync(stale, () => new StateTransaction().Put("job:result", "3"u8.ToArray()), Ct);

        Assert.True(fresh.FencingToken > stale.FencingToken);
        Assert.True(newer!.Committed);
        Assert.Null(late);
        Assert.Equal("2", Encoding.UTF8.GetString((await store.GetAsync("job:result", Ct))!.Value.Span));
    }

    [Fact]
    public async Task SigStopHolderPastTtl_ThenSigCont_ItsLateWriteIsRefusedByTheFencingToken()
    {
        var environment = RedisServerFixture.NewEnvironment();
        using var holder = StartHolder(redis.Server.Port, environment, "job:nightly", ttlMs: 800);
        var acquired = await holder.StandardOutput.ReadLineAsync(Ct);
        Assert.Equal("acquired 1", acquired);

        Signal("STOP", holder.Id);
        await holder.StandardInput.WriteLineAsync("go");
        await holder.StandardInput.FlushAsync(Ct);
        await Task.Delay(1200, Ct);
        await using var store = RedisStateStore.Connect(new RedisStateOptions { ConnectionString = $"redis://127.0.0.1:{redis.Server.Port}", EnvironmentName = environment }, TimeProvider.System);
        var takeover = await store.TryAcquireLeaseAsync("job:nightly", TimeSpan.FromSeconds(30), Ct);
        Assert.NotNull(takeover);
        Assert.Equal(2, takeover.FencingToken);
        Assert.True((await store.CommitFencedAsync(takeover, () => new StateTransaction().Put("job:result", """{"by":2}"""u8.ToArray()), Ct))!.Committed);
        Signal("CONT", holder.Id);

        var verdict = await holder.StandardOutput.ReadLineAsync(Ct);
        await holder.WaitForExitAsync(Ct);

        Assert.Equal("refused", verdict);
        Assert.Equal("""{"by":2}""", Encoding.UTF8.GetString((await store.GetAsync("job:result", Ct))!.Value.Span));
    }

    private static Process StartHolder(int port, string environment, string lease, int ttlMs)
    {
        var bin = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var configuration = bin.Parent!.Name;
        var dll = Path.Combine(bin.Parent.Parent!.Parent!.Parent!.FullName, "Caio.State.Redis.LeaseHolder", "bin", configuration, bin.Name, "Caio.State.Redis.LeaseHolder.dll");
        Assert.True(File.Exists(dll), dll + " is missing; build the solution first.");
        var start = new ProcessStartInfo("dotnet") { RedirectStandardInput = true, RedirectStandardOutput = true, UseShellExecute = false };
        foreach (var arg in new[] { dll, port.ToString(System.Globalization.CultureInfo.InvariantCulture), environment, lease, ttlMs.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    private static void Signal(string signal, int pid)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-" + signal, pid.ToString(System.Globalization.CultureInfo.InvariantCulture)]) { UseShellExecute = false })!;
        kill.WaitForExit();
        Assert.Equal(0, kill.ExitCode);
    }
}
