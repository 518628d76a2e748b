using Caio.Batches;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace Caio.State.Redis.Tests;

/// <summary>
/// The real review queue, batches, safety chain and operator wired by <c>AddCaio().AddRedisState()</c>
/// on a given multiplexer, a fake clock, and a recording channel (<c>fault-email</c>) that sees every
/// provider call. Volume layers are off; the emergency stop ignores the process environment.
/// </summary>
internal sealed class RedisDispatchHarness : IDisposable
{
    public static readonly DateTimeOffset Monday10Utc = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    private readonly ServiceProvider _services;

    public RedisDispatchHarness(IConnectionMultiplexer connection, string environment, TimeProvider? clock = null)
        : this(
            caio => caio.AddRedisState(o =>
            {
                o.ConnectionFactory = _ => connection;
                o.EnvironmentName = environment;
            }),
            clock)
    {
    }

    /// <summary>The same wiring on the state backend <paramref name="useState"/> registers (e.g. the file backend, for comparison).</summary>
    public RedisDispatchHarness(Action<ICaioBuilder> useState, TimeProvider? clock = null)
    {
        Clock = clock ?? new FakeTimeProvider(Monday10Utc);
        Recorder = new SandboxSendRecorder(null);
        Email = new FaultInjectingChannel(new SandboxEmailChannel(Recorder, Clock), "fault-email");
        var services = new ServiceCollection();
        services.AddSingleton(Clock);
        services.AddSingleton(Recorder);
        services.AddSingleton<IDispatchChannel>(Email);
        services.AddSingleton<IEmergencyStop>(sp => new EmergencyStop(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<IOptions<SafetyOptions>>(), Clock, _ => null));
        useState(services.AddCaio(_ => { }));
        services.Configure<SafetyOptions>(o =>
        {
            o.Ramp.Enabled = false;
            o.Caps.Monthly = null;
            o.Caps.Daily = null;
            o.Caps.Hourly = null;
            o.Caps.PerDomainPerHour = null;
            o.Caps.PerDomainPerBatch = null;
            o.Caps.PerMailboxDaily = null;
            o.Caps.MinimumGap = TimeSpan.Zero;
            o.SendWindow.Enabled = false;
        });
        _services = services.BuildServiceProvider();
    }

    public TimeProvider Clock { get; }

    public FakeTimeProvider Time => (FakeTimeProvider)Clock;

    public SandboxSendRecorder Recorder { get; }

    public FaultInjectingChannel Email { get; }

    public IStateStore Store => _services.GetRequiredService<IStateStore>();

    public SendLedger Ledger => _services.GetRequiredService<SendLedger>();

    public IReviewQueue Queue => _services.GetRequiredService<IReviewQueue>();

    public BatchService Batches => _services.GetRequiredService<BatchService>();

    public DispatchOperator Operator => _services.GetRequiredService<DispatchOperator>();

    public OperatorOptions OperatorOptions => _services.GetRequiredService<IOptions<OperatorOptions>>().Value;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static MessageDraft Draft(string email, int step = 1)
    {
        var domain = email[(email.LastIndexOf('@') + 1)..];
        return new MessageDraft(
            new ScoredLead(
                new EnrichedLead(new Lead { Email = email, FirstName = "Ana", Company = new Company { Name = "Acme", Domain = domain } }, true, "sandbox"),
                new IcpScore { Score = 85, Tier = Tier.Tier1, Reasons = [new ScoreReason("title", 25, "ceo")] }),
            new SequenceStep(step, step == 1 ? 1 : 4, Channel.Email, "intro"),
            "Hello",
            "Hi Ana, a short note.",
            "template");
    }

    /// <summary>Enqueues and approves <paramref name="count"/> drafts to distinct recipients, then creates and approves one batch of them.</summary>
    public async Task<(DispatchBatch Batch, List<string> ItemIds)> ApprovedBatchAsync(int count, int first = 0)
    {
        List<string> ids = [];
        for (var i = first; i < first + count; i++)
        {
            var queued = await Queue.EnqueueAsync(Draft($"lead{i:D5}@company{i % 7}.example"), cancellationToken: Ct);
            Assert.True(queued.Accepted, queued.Refusal?.Detail);
            var decision = await Queue.ApproveAsync(queued.Item!.Id, new ApproveRequest(), "reviewer", Ct);
            Assert.True(decision.Succeeded, decision.Refusal?.Detail);
            ids.Add(queued.Item.Id);
        }

        var created = await Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct);
        Assert.True(created.Succeeded, created.Refusal?.Detail);
        var approved = await Batches.ApproveAsync(created.Batch!.Id, "head-of-sales", Ct);
        Assert.True(approved.Succeeded, approved.Refusal?.Detail);
        return (approved.Batch!, ids);
    }

    /// <summary>
    /// After a fault: lets leases and stale reservations age out on the fake clock, reconciles, and runs
    /// again; items a refused run released back to the approved pool go into a new batch a human
    /// approves, as in production (bounded rounds).
    /// </summary>
    public async Task SettleAsync()
    {
        for (var round = 0; round < 4; round++)
        {
            Time.Advance(OperatorOptions.StaleReservationAge + OperatorOptions.ExecutionLeaseTtl + TimeSpan.FromSeconds(1));
            var reconciled = await Operator.ReconcileAsync(Ct);
            Log.Add($"reconcile: examined {reconciled.Examined} sent {reconciled.Sent} not sent {reconciled.NotSent} unknown {reconciled.Unknown}");
            var report = await Operator.RunAsync(new OperatorRequest { Live = true, Motion = BatchMotions.Outbound }, Ct);
            Log.Add(Describe(report));
            Assert.Null(report.Refusal);
            if (report.Batches.Count == 0 && (await Queue.ListAsync(ReviewStatus.Approved, cancellationToken: Ct)).Count > 0)
            {
                var created = await Batches.CreateAsync(BatchMotions.Outbound, "ops", Ct);
                Assert.True(created.Succeeded, created.Refusal?.Detail);
                Assert.True((await Batches.ApproveAsync(created.Batch!.Id, "head-of-sales", Ct)).Succeeded);
            }
        }
    }

    /// <summary>What the settling rounds saw, for failure messages.</summary>
    public List<string> Log { get; } = [];

    public static string Describe(OperatorReport report) =>
        $"run: refusal {report.Refusal} note {report.Note}; " + string.Join("; ", report.Batches.Select(b =>
            $"batch {b.BatchId} executed {b.Executed} refusal {b.Refusal} {b.Detail}: " + string.Join(", ", b.Actions.GroupBy(a => a.Outcome.ToWireName() + "/" + a.Reason).Select(g => $"{g.Key} x{g.Count()}"))));

    /// <summary>The (recipient, step) pairs the provider was called with more than once.</summary>
    public List<string> DuplicateSends() =>
        [.. Email.Calls.GroupBy(c => (c.RecipientKey, c.Step)).Where(g => g.Count() > 1).Select(g => $"{g.Key.RecipientKey}#{g.Key.Step} x{g.Count()}")];

    public void Dispose() => _services.Dispose();
}
