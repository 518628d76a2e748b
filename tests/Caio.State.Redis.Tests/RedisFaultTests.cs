using Caio.Batches;
using Caio.Dispatch;
using Caio.Review;
using StackExchange.Redis;

namespace Caio.State.Redis.Tests;

/// <summary>
/// Redis fails under a running dispatch: killed and restarted, paused longer than the command timeout,
/// or behind a proxy that delays and cuts connections. After each, once Redis answers again and the
/// operator has reconciled and resumed: 0 duplicate (recipient, step) provider calls, 0 lost approved
/// items, and every action settled with a reason.
/// </summary>
[Collection(nameof(AloneCollection))]
public sealed class RedisFaultTests : IDisposable
{
    private const int Actions = 40;
    private readonly string _directory = Directory.CreateTempSubdirectory("caio-redis-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task KillNineAndRestart_MidDispatch_NoDuplicateNoLoss()
    {
        await using var server = await RedisServer.StartAsync(_directory);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Fast(server.Port));
        using var harness = new RedisDispatchHarness(connection, "kill");
        var (batch, items) = await harness.ApprovedBatchAsync(Actions);
        harness.Email.OnCallStarted = (_, _) =>
        {
            if (harness.Email.CallsStarted == Actions / 3)
            {
                server.Kill();
            }

            return ValueTask.CompletedTask;
        };

        var first = await harness.Operator.RunAsync(new OperatorRequest { Live = true, BatchId = batch.Id }, Ct);
        AssertSettledWithReasons(first);
        harness.Log.Add(RedisDispatchHarness.Describe(first));
        harness.Email.OnCallStarted = null;
        await server.RestartAsync();
        await WaitConnectedAsync(connection);

        await harness.SettleAsync();

        await AssertAllSentOnceAsync(harness, items);
    }

    [Fact]
    public async Task ClientPauseLongerThanCommandTimeout_MidDispatch_NoDuplicateNoLoss()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Fast(server.Port));
        await using var admin = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{server.Port},allowAdmin=true");
        using var harness = new RedisDispatchHarness(connection, "pause");
        var (batch, items) = await harness.ApprovedBatchAsync(Actions);
        harness.Email.OnCallStarted = async (_, _) =>
        {
            if (harness.Email.CallsStarted == Actions / 3)
            {
                await admin.GetDatabase().ExecuteAsync("CLIENT", "PAUSE", "1500", "ALL");
            }
        };

        var first = await harness.Operator.RunAsync(new OperatorRequest { Live = true, BatchId = batch.Id }, Ct);
        AssertSettledWithReasons(first);
        harness.Log.Add(RedisDispatchHarness.Describe(first));
        harness.Email.OnCallStarted = null;
        await Task.Delay(1600, Ct);

        await harness.SettleAsync();

        await AssertAllSentOnceAsync(harness, items);
    }

    [Fact]
    public async Task ProxyDelaysThenCutsConnections_MidDispatch_NoDuplicateNoLoss()
    {
        await using var server = await RedisServer.StartAsync();
        await using var proxy = new LoopbackProxy(server.Port);
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Fast(proxy.Port));
        using var harness = new RedisDispatchHarness(connection, "proxy");
        var (batch, items) = await harness.ApprovedBatchAsync(Actions);
        harness.Email.OnCallStarted = (_, _) =>
        {
            if (harness.Email.CallsStarted == Actions / 4)
            {
                proxy.Delay = TimeSpan.FromMilliseconds(700);
            }
            else if (harness.Email.CallsStarted == Actions / 2)
            {
                proxy.Delay = TimeSpan.Zero;
                proxy.CutAll();
            }

            return ValueTask.CompletedTask;
        };

        var first = await harness.Operator.RunAsync(new OperatorRequest { Live = true, BatchId = batch.Id }, Ct);
        AssertSettledWithReasons(first);
        harness.Log.Add(RedisDispatchHarness.Describe(first));
        harness.Email.OnCallStarted = null;
        proxy.Delay = TimeSpan.Zero;
        await WaitConnectedAsync(connection);

        await harness.SettleAsync();

        await AssertAllSentOnceAsync(harness, items);
    }

    [Fact]
    public async Task RedisDown_OperatorRefusesWithStateUnavailable_AndSendsNothing()
    {
        await using var server = await RedisServer.StartAsync();
        await using var connection = await ConnectionMultiplexer.ConnectAsync(Fast(server.Port));
        using var harness = new RedisDispatchHarness(connection, "down");
        await harness.ApprovedBatchAsync(3);
        server.Kill();

        var report = await harness.Operator.RunAsync(new OperatorRequest { Live = true, Motion = BatchMotions.Outbound }, Ct);

        Assert.Equal(Caio.Safety.ReasonCodes.StateUnavailable, report.Refusal);
        Assert.Contains($"127.0.0.1:{server.Port}", report.Note, StringComparison.Ordinal);
        Assert.Equal(0, harness.Email.CallsStarted);
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static string Fast(int port) => $"127.0.0.1:{port},abortConnect=false,connectTimeout=1000,syncTimeout=500,asyncTimeout=500,connectRetry=1";

    private static async Task WaitConnectedAsync(IConnectionMultiplexer connection)
    {
        for (var i = 0; i < 200; i++)
        {
            try
            {
                await connection.GetDatabase().PingAsync();
                return;
            }
            catch (Exception ex) when (ex is RedisException or RedisTimeoutException)
            {
                // Still reconnecting: a timed-out ping is a TimeoutException, not a RedisException.
                await Task.Delay(50, Ct);
            }
        }
    }

    /// <summary>Whatever the first run reports, each action it names is settled with an outcome and (unless sent) a reason.</summary>
    private static void AssertSettledWithReasons(OperatorReport report)
    {
        foreach (var action in report.Batches.SelectMany(b => b.Actions))
        {
            Assert.True(Enum.IsDefined(action.Outcome));
            Assert.True(action.Outcome is ActionOutcomes.Sent || action.Reason is not null, $"{action.ActionId}: {action.Outcome} without a reason");
        }
    }

    /// <summary>
    /// No (recipient, step) reached the provider twice; every approved item is settled: sent (and then
    /// delivered exactly once) or send_failed with nothing delivered (its reservation was reconciled as
    /// not sent) — none is left approved or in flight, none is dropped.
    /// </summary>
    private static async Task AssertAllSentOnceAsync(RedisDispatchHarness harness, List<string> items)
    {
        Assert.Empty(harness.DuplicateSends());
        var delivered = harness.Email.Delivered.Select(d => d.ItemId).ToHashSet(StringComparer.Ordinal);
        List<string> unsettled = [];
        var sent = 0;
        foreach (var id in items)
        {
            var item = await harness.Queue.GetAsync(id, Ct);
            var ok = item!.Status switch
            {
                ReviewStatus.Sent => delivered.Contains(id),
                ReviewStatus.SendFailed => !delivered.Contains(id),
                _ => false,
            };
            sent += item.Status == ReviewStatus.Sent ? 1 : 0;
            if (!ok)
            {
                unsettled.Add($"{id}: {item.Status}, delivered {delivered.Contains(id)}");
            }
        }

        Assert.True(unsettled.Count == 0, string.Join("\n", [.. unsettled, .. harness.Log]));
        Assert.Equal(sent, delivered.Count);
        Assert.True(sent >= items.Count - 5, $"only {sent} of {items.Count} sent\n" + string.Join("\n", harness.Log));
    }
}
