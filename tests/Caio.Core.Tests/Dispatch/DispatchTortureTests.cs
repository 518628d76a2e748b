using System.Diagnostics;
using System.Globalization;
using Caio.Audit;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Caio.Testing;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// The dispatch acceptance test: 2,000 approved sends through real batches, eight racing executors,
/// provider timeouts and 5xx errors, cancelled executors and a crash followed by a restart from the
/// file backend. Whatever happens, nothing is sent twice, no cap window is overrun and no item is lost.
/// </summary>
/// <remarks>
/// The file store runs with <see cref="FileStateStoreOptions.FlushToDisk"/> off: this test is about
/// ordering and atomicity between executors and across a restart of the process, not about surviving a
/// power loss (the state tests cover durable writes), and its directory is RAM-backed where the OS
/// offers that (see <see cref="ScratchDirectory"/>). The sandbox recorder plays the provider, which
/// lives outside the worker and therefore keeps its memory across the restart.
/// </remarks>
public sealed class DispatchTortureTests
{
    private const int Recipients = 1900;
    private const int Duplicates = 100;
    private const int Executors = 8;
    private const int BatchSize = 100;
    private const int DailyCap = 800;
    private const int HourlyCap = 500;
    private const int DomainHourlyCap = 6;
    private const int DomainBatchCap = 3;
    private const int CancelFirstAtCall = 120;
    private const int CancelSecondAtCall = 200;
    private const int CrashAtCall = 350;

    private static readonly DateTimeOffset Start = new(2026, 1, 5, 9, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task RunAsync_TwoThousandSendsEightExecutorsFaultsAndRestart_NoDuplicateNoCapOverrunNoItemLost()
    {
        var clock = Stopwatch.StartNew();
        using var directory = new ScratchDirectory();
        var time = new FakeTimeProvider(Start);
        var provider = new SandboxSendRecorder(null);
        var channels = new List<FaultInjectingChannel>();
        var executorErrors = new List<Exception>();
        var totalCalls = 0;

        // Generation 1: the worker process that will die mid-run.
        var firstStore = new CrashableStateStore(OpenStore(directory.Path, time));
        var first = Open(firstStore, time, provider, channels);
        var itemIds = await QueueAndApproveAsync(first);
        var setupTime = clock.Elapsed;

        using var cancelFirst = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        using var cancelSecond = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        ValueTask OnCall(ChannelSendRequest request, CancellationToken token)
        {
            switch (Interlocked.Increment(ref totalCalls))
            {
                case CancelFirstAtCall:
                    cancelFirst.Cancel();
                    break;
                case CancelSecondAtCall:
                    cancelSecond.Cancel();
                    break;
                case CrashAtCall:
                    firstStore.Crash();
                    break;
            }

            return ValueTask.CompletedTask;
        }

        first.Email.OnCallStarted = OnCall;
        first.LinkedIn.OnCallStarted = OnCall;

        time.SetUtcNow(Start.AddHours(1));
        await CreateBatchesAsync(first);
        var firstRun = await RunExecutorsAsync(first, i => i switch { 0 => cancelFirst.Token, 1 => cancelSecond.Token, _ => Ct });
        Assert.True(firstStore.Crashed, "the first worker process crashed mid-run");
        Assert.NotNull(firstRun[0]); // cancelled mid-batch (or, at the latest, caught by the crash)
        Assert.NotNull(firstRun[1]);
        Assert.Contains(firstRun, e => e is IOException); // at least the executor whose call was in flight when the process died
        executorErrors.AddRange(firstRun.OfType<Exception>());
        first.Dispose();
        var crashTime = clock.Elapsed;

        // Generation 2: a fresh process on the same state directory, once the dead executors' leases lapsed.
        time.Advance(TimeSpan.FromMinutes(2));
        using var second = Open(OpenStore(directory.Path, time), time, provider, channels);
        Assert.All(await RunExecutorsAsync(second, _ => Ct), e => Assert.Null(e));

        // Later rounds: the next hour (hourly window), then the following days (daily window).
        DateTimeOffset[] rounds = [Start.AddHours(2), Start.AddDays(1).AddHours(1), Start.AddDays(1).AddHours(2), Start.AddDays(2).AddHours(1), Start.AddDays(2).AddHours(2), Start.AddDays(3).AddHours(1)];
        var roundsRun = 1;
        foreach (var at in rounds)
        {
            if ((await second.Queue.ListAsync(ReviewStatus.Approved, cancellationToken: Ct)).Count == 0)
            {
                break;
            }

            time.SetUtcNow(at);
            await CreateBatchesAsync(second);
            Assert.All(await RunExecutorsAsync(second, _ => Ct), e => Assert.Null(e));
            roundsRun++;
        }

        var roundsTime = clock.Elapsed;
        var maybeSentBeforeReconcile = (await second.Queue.ListAsync(ReviewStatus.MaybeSent, cancellationToken: Ct)).Count;
        time.Advance(TimeSpan.FromMinutes(15));
        var reconcile = await second.Operator.ReconcileAsync(Ct);
        var elapsed = clock.Elapsed;

        // 1. Never twice: no (recipient, step) reached the provider twice, nor was recorded twice.
        var calls = channels.SelectMany(c => c.Calls).ToList();
        Assert.Empty(calls.GroupBy(c => (c.RecipientKey, c.Step)).Where(g => g.Count() > 1).Select(g => g.Key));
        var sends = provider.ReadAll();
        Assert.Equal(sends.Count, sends.Select(s => (s.RecipientKey, s.Step)).Distinct().Count());

        // 2. No cap window overrun, counted from what the provider recorded.
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
        Assert.All(sends.GroupBy(s => (s.Channel, Day: DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(s.At, berlin).DateTime))), g => Assert.InRange(g.Count(), 1, DailyCap));
        Assert.All(sends.GroupBy(s => (s.Channel, Hour: HourOf(s.At))), g => Assert.InRange(g.Count(), 1, HourlyCap));
        Assert.All(sends.GroupBy(s => (s.Channel, Domain: DomainOf(s.RecipientKey), Hour: HourOf(s.At))), g => Assert.InRange(g.Count(), 1, DomainHourlyCap));

        // A definite provider refusal gives its cap slots back, so only the other calls hold per-batch slots.
        var heldSlots = channels.SelectMany(ch => ch.Calls.Where(c => Fault(c) != ChannelFault.Reject).Select(c => (c.BatchId, Domain: DomainOf(c.RecipientKey), ch.Channel)));
        Assert.All(heldSlots.GroupBy(slot => slot), g => Assert.InRange(g.Count(), 1, DomainBatchCap));

        // 3. No item lost: every item is settled, or still approved with its refusal on record.
        var audit = await second.ReadAuditAsync();
        var refusedItems = audit.Where(r => r.Action == AuditActions.SendRefused && r.ReasonCode is not null).Select(r => r.ItemId!).ToHashSet(StringComparer.Ordinal);
        var statuses = new Dictionary<string, ReviewItem>(StringComparer.Ordinal);
        foreach (var id in itemIds)
        {
            var item = (await second.Queue.GetAsync(id, Ct))!;
            statuses[id] = item;
            Assert.True(
                item.Status is ReviewStatus.Sent or ReviewStatus.MaybeSent or ReviewStatus.SendFailed or ReviewStatus.Blocked
                || (item.Status == ReviewStatus.Approved && refusedItems.Contains(id)),
                $"item {id} ended {item.Status.ToWireName()} without a recorded refusal");
        }

        // 4. What the provider has is exactly what the queue calls sent; maybe_sent is all reconciled.
        var sentItems = statuses.Values.Where(i => i.Status == ReviewStatus.Sent).ToList();
        Assert.Equal(sends.Select(s => (s.RecipientKey, s.Step)).Order(), sentItems.Select(i => (i.RecipientKey, i.Step)).Order());
        Assert.DoesNotContain(statuses.Values, i => i.Status == ReviewStatus.MaybeSent);
        foreach (var send in sends.Take(50))
        {
            Assert.Equal(LedgerState.Sent, (await second.Ledger.GetAsync(send.RecipientKey, send.Step, Ct))!.Value.Entry.State);
        }

        // 5. No batch left behind, and the faults really happened.
        foreach (var status in new[] { BatchStatus.Pending, BatchStatus.Approved, BatchStatus.Executing })
        {
            Assert.Empty(await second.Batches.ListAsync(status, Ct));
        }

        Assert.Contains(audit, r => r.Action == AuditActions.SendRefused && r.ReasonCode == ReasonCodes.CapDaily);
        Assert.Contains(audit, r => r.Action == AuditActions.SendRefused && r.ReasonCode == ReasonCodes.CapHourly);
        Assert.Contains(audit, r => r.Action == AuditActions.SendRefused && r.ReasonCode == ReasonCodes.AlreadySent);
        Assert.Contains(audit, r => r.Action == AuditActions.SendRefused && r.ReasonCode == ReasonCodes.CapDomainBatch);
        Assert.True(reconcile.Sent > 0 && reconcile.NotSent > 0, $"reconcile {reconcile}");

        var byStatus = statuses.Values.GroupBy(i => i.Status.ToWireName()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        var byReason = audit.Where(r => r.Action == AuditActions.SendRefused).GroupBy(r => r.ReasonCode?.ToString()).OrderBy(g => g.Key, StringComparer.Ordinal).Select(g => $"{g.Key} {g.Count()}");
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{itemIds.Count} items, {roundsRun} rounds, {calls.Count} provider calls, {sends.Count} recorded sends; setup {setupTime.TotalSeconds:F1} s, first run until the crash {(crashTime - setupTime).TotalSeconds:F1} s, restart and later rounds {(roundsTime - crashTime).TotalSeconds:F1} s, total with reconciliation {elapsed.TotalSeconds:F1} s"));
        TestContext.Current.TestOutputHelper?.WriteLine($"final: {string.Join(", ", byStatus)}; maybe_sent before reconcile {maybeSentBeforeReconcile}; reconcile {reconcile}");
        TestContext.Current.TestOutputHelper?.WriteLine($"send.refused records by reason: {string.Join(", ", byReason)}; executor errors: {string.Join(", ", executorErrors.GroupBy(e => e.GetType().Name).Select(g => $"{g.Key} {g.Count()}"))}");
    }

    private static FileStateStore OpenStore(string directory, TimeProvider time) =>
        new(new FileStateStoreOptions { Directory = directory, FlushToDisk = false }, time);

    private static DispatchHarness Open(IStateStore store, FakeTimeProvider time, SandboxSendRecorder provider, List<FaultInjectingChannel> channels)
    {
        var harness = new DispatchHarness(
            time,
            store,
            provider,
            safety: o =>
            {
                o.Caps.TimeZone = "Europe/Berlin";
                o.Caps.Monthly = 10_000;
                o.Caps.Daily = DailyCap;
                o.Caps.Hourly = HourlyCap;
                o.Caps.PerDomainPerHour = DomainHourlyCap;
                o.Caps.PerDomainPerBatch = DomainBatchCap;
            },
            batchOptions: o => o.MaxItems = BatchSize);
        harness.Email.Faults = Fault;
        harness.LinkedIn.Faults = Fault;
        channels.Add(harness.Email);
        channels.Add(harness.LinkedIn);
        return harness;
    }

    /// <summary>Deterministic faults by recipient: timeouts after the provider recorded, 5xx before, and LinkedIn refusals.</summary>
    private static ChannelFault Fault(ChannelSendRequest request)
    {
        var recipient = RecipientNumber(request.RecipientKey);
        return (recipient % 53, recipient % 59, recipient % 41) switch
        {
            (7, _, _) => ChannelFault.TimeoutAfterSend,
            (_, 11, _) => ChannelFault.ServerErrorBeforeSend,
            (_, _, 10) => ChannelFault.Reject,
            _ => ChannelFault.None,
        };
    }

    /// <summary>
    /// 1,900 recipients, four per domain, every tenth on LinkedIn, plus 100 second drafts for the same
    /// step to recipients already queued (half of them on the other channel): 2,000 approved items.
    /// </summary>
    private static async Task<List<string>> QueueAndApproveAsync(DispatchHarness harness)
    {
        var ids = new List<string>(Recipients + Duplicates);
        for (var r = 0; r < Recipients; r++)
        {
            // One millisecond apart, so batches take items in queue order and hold four per domain (one too many).
            harness.Time.Advance(TimeSpan.FromMilliseconds(1));
            var linkedIn = r % 10 == 0;
            ids.Add((await harness.ApprovedItemAsync(Email(r), "Hello", linkedIn ? Channel.LinkedIn : Channel.Email, linkedInUrl: LinkedInUrl(r))).Id);
        }

        for (var d = 0; d < Duplicates; d++)
        {
            var r = d * 19;
            var channel = d % 2 == 0 ? Channel.Email : Channel.LinkedIn;
            ids.Add((await harness.ApprovedItemAsync(Email(r), "A second thought", channel, linkedInUrl: LinkedInUrl(r))).Id);
        }

        return ids;
    }

    private static async Task CreateBatchesAsync(DispatchHarness harness)
    {
        while ((await harness.Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct)).Batch is { } batch)
        {
            Assert.True((await harness.Batches.ApproveAsync(batch.Id, DispatchHarness.Approver, Ct)).Succeeded);
        }
    }

    /// <summary>Runs the executors concurrently; returns, per executor, how it ended (<see langword="null"/> when it completed).</summary>
    private static async Task<Exception?[]> RunExecutorsAsync(DispatchHarness harness, Func<int, CancellationToken> tokenOf)
    {
        var runs = Enumerable.Range(0, Executors).Select(i =>
        {
            var executor = harness.NewOperator();
            var token = tokenOf(i);
            return Task.Run(
                async () =>
                {
                    try
                    {
                        await executor.RunAsync(DispatchHarness.Live(), token);
                        return (Exception?)null;
                    }
                    catch (Exception ex) when (ex is OperationCanceledException or IOException)
                    {
                        return ex;
                    }
                },
                Ct);
        }).ToArray();
        return await Task.WhenAll(runs);
    }

    private static string Email(int recipient) => string.Create(CultureInfo.InvariantCulture, $"lead{recipient}@firm{recipient / 4}.io");

    private static string LinkedInUrl(int recipient) => string.Create(CultureInfo.InvariantCulture, $"https://www.linkedin.com/in/lead{recipient}");

    private static int RecipientNumber(string recipientKey)
    {
        var start = recipientKey.IndexOf("lead", StringComparison.Ordinal) + 4;
        var end = recipientKey.IndexOf('@', start);
        return int.Parse(recipientKey.AsSpan(start, end - start), CultureInfo.InvariantCulture);
    }

    private static string DomainOf(string recipientKey) => recipientKey[(recipientKey.LastIndexOf('@') + 1)..];

    private static DateTimeOffset HourOf(DateTimeOffset at) => new(at.Year, at.Month, at.Day, at.Hour, 0, 0, TimeSpan.Zero);
}
