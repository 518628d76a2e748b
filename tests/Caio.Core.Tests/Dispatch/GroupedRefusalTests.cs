using Caio.Audit;
using Caio.Batches;
using Caio.Core.Tests.State;
using Caio.Dispatch;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// The refusals and deferrals of a batch execution are recorded as a group: every one is audited and
/// counted exactly as before, with one audit append and one count per reason for the whole pass.
/// </summary>
public sealed class GroupedRefusalTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_ManyDeferrals_AuditsAndCountsEachWithOneAppendForThePass()
    {
        var time = new FakeTimeProvider(DispatchHarness.Monday10Utc);
        var store = new LogCountingStore(new InMemoryStateStore(time));
        using var harness = new DispatchHarness(time, store, new SandboxSendRecorder(null), safety: o => o.Caps.Daily = 1);
        for (var i = 0; i < 12; i++)
        {
            await harness.ApprovedItemAsync($"lead{i}@company{i}.io");
        }

        var batch = await harness.ApprovedBatchAsync();
        var appendsBefore = store.SingleAppends("audit");

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id), Ct);

        var deferred = report.Batches[0].Actions.Where(a => a.Outcome == ActionOutcomes.Deferred).ToList();
        Assert.Equal(11, deferred.Count);
        Assert.All(deferred, a => Assert.Equal(ReasonCodes.CapDaily, a.Reason));
        var audit = await harness.ReadAuditAsync();
        Assert.Equal(
            deferred.Select(a => a.ItemId).Order(StringComparer.Ordinal),
            audit.Where(r => r.Action == AuditActions.SendRefused && r.ReasonCode == ReasonCodes.CapDaily).Select(r => r.ItemId!).Order(StringComparer.Ordinal));
        Assert.Contains(new KeyValuePair<string, long>(ReasonCodes.CapDaily, 11), await harness.Services.GetRequiredService<RefusalStatistics>().TodayAsync(Ct));

        // The refusals went out as one group; only the one send and the batch's own record were appended singly.
        Assert.Equal(1, store.GroupAppends("audit"));
        Assert.Equal(2, store.SingleAppends("audit") - appendsBefore);
        Assert.Equal(BatchStatus.Approved, (await harness.Batches.GetAsync(batch.Id, Ct))!.Status);
    }

    private sealed class LogCountingStore(IStateStore inner) : DelegatingStateStore(inner), IStateStore
    {
        private readonly Dictionary<string, (int Single, int Group)> _appends = new(StringComparer.Ordinal);

        public int SingleAppends(string log)
        {
            lock (_appends)
            {
                return _appends.GetValueOrDefault(log).Single;
            }
        }

        public int GroupAppends(string log)
        {
            lock (_appends)
            {
                return _appends.GetValueOrDefault(log).Group;
            }
        }

        public override ValueTask<long> AppendAsync(string log, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default)
        {
            lock (_appends)
            {
                var (single, group) = _appends.GetValueOrDefault(log);
                _appends[log] = (single + 1, group);
            }

            return base.AppendAsync(log, record, cancellationToken);
        }

        public override ValueTask<long> AppendManyAsync(string log, IReadOnlyList<ReadOnlyMemory<byte>> records, CancellationToken cancellationToken = default)
        {
            lock (_appends)
            {
                var (single, group) = _appends.GetValueOrDefault(log);
                _appends[log] = (single, group + 1);
            }

            return base.AppendManyAsync(log, records, cancellationToken);
        }
    }
}
