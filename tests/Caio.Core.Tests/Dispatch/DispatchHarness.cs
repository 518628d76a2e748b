using Caio.Audit;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Notifications;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Caio.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// The real gatekeeper, safety chain and operator wired by <c>AddCaio</c> on a given store, a fake
/// clock and two fault-injecting sandbox channels (<c>fault-email</c>, <c>fault-linkedin</c>) that record
/// into a given <see cref="SandboxSendRecorder"/>. The emergency stop ignores the process environment.
/// Every volume layer starts switched off (ramp, caps, gap, send window); a test switches on what it tests.
/// </summary>
internal sealed class DispatchHarness : IDisposable
{
    /// <summary>Monday 2026-01-05 10:00 UTC.</summary>
    public static readonly DateTimeOffset Monday10Utc = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    public const string Approver = "head-of-sales";

    private readonly ServiceProvider _services;

    public DispatchHarness(
        FakeTimeProvider time,
        IStateStore store,
        SandboxSendRecorder recorder,
        Action<SafetyOptions>? safety = null,
        Action<OperatorOptions>? operatorOptions = null,
        Action<BatchOptions>? batchOptions = null)
    {
        Time = time;
        Store = store;
        Recorder = recorder;
        Email = new FaultInjectingChannel(new SandboxEmailChannel(recorder, time), "fault-email");
        LinkedIn = new FaultInjectingChannel(new SandboxLinkedInChannel(recorder, time), "fault-linkedin");

        var services = new ServiceCollection();
        services.AddSingleton<TimeProvider>(time);
        services.AddSingleton(store);
        services.AddSingleton(recorder);
        services.AddSingleton<IDispatchChannel>(Email);
        services.AddSingleton<IDispatchChannel>(LinkedIn);
        services.AddSingleton<IEmergencyStop>(sp => new EmergencyStop(store, sp.GetRequiredService<IOptions<SafetyOptions>>(), time, _ => null));
        services.AddCaio(_ => { });
        services.Configure<SafetyOptions>(o =>
        {
            MakePermissive(o);
            safety?.Invoke(o);
        });
        services.Configure<OperatorOptions>(o => operatorOptions?.Invoke(o));
        services.Configure<BatchOptions>(o => batchOptions?.Invoke(o));
        _services = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
    }

    public FakeTimeProvider Time { get; }

    public IStateStore Store { get; }

    public SandboxSendRecorder Recorder { get; }

    public FaultInjectingChannel Email { get; }

    public FaultInjectingChannel LinkedIn { get; }

    public IServiceProvider Services => _services;

    public IReviewQueue Queue => _services.GetRequiredService<IReviewQueue>();

    public BatchService Batches => _services.GetRequiredService<BatchService>();

    public DispatchOperator Operator => _services.GetRequiredService<DispatchOperator>();

    public SendCaps Caps => _services.GetRequiredService<SendCaps>();

    public SendLedger Ledger => _services.GetRequiredService<SendLedger>();

    public ContactHistory History => _services.GetRequiredService<ContactHistory>();

    public SuppressionStore Suppression => _services.GetRequiredService<SuppressionStore>();

    public IEmergencyStop Stop => _services.GetRequiredService<IEmergencyStop>();

    public IAuditLog Audit => _services.GetRequiredService<IAuditLog>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static DispatchHarness InMemory(Action<SafetyOptions>? safety = null, Action<OperatorOptions>? operatorOptions = null, DateTimeOffset? now = null)
    {
        var time = new FakeTimeProvider(now ?? Monday10Utc);
        return new DispatchHarness(time, new InMemoryStateStore(time), new SandboxSendRecorder(null), safety, operatorOptions);
    }

    /// <summary>A separate operator instance over the same services (another executor in the same worker).</summary>
    public DispatchOperator NewOperator() => DispatchOperator.Create(_services);

    public static OperatorRequest Live(string? batchId = null) => new() { Live = true, BatchId = batchId };

    public static OperatorRequest DryRun(string? batchId = null) => new() { Live = false, BatchId = batchId };

    public static MessageDraft Draft(string email, string subject = "Hello", Channel channel = Channel.Email, int step = 1, string? linkedInUrl = null, Tier tier = Tier.Tier1)
    {
        var domain = email[(email.LastIndexOf('@') + 1)..];
        return new MessageDraft(
            new ScoredLead(
                new EnrichedLead(new Lead { Email = email, FirstName = "Ana", LinkedInUrl = linkedInUrl, Company = new Company { Name = "Acme", Domain = domain } }, true, "sandbox"),
                new IcpScore { Score = 85, Tier = tier, Reasons = [new ScoreReason("title", 25, "ceo")] }),
            new SequenceStep(step, step == 1 ? 1 : 4, channel, "intro"),
            subject,
            "Hi Ana, a short note.",
            "template");
    }

    public async Task<ReviewItem> EnqueueAsync(string email, string subject = "Hello", Channel channel = Channel.Email, int step = 1, string? linkedInUrl = null)
    {
        var result = await Queue.EnqueueAsync(Draft(email, subject, channel, step, linkedInUrl), cancellationToken: Ct);
        Assert.True(result.Accepted, result.Refusal?.Detail);
        return result.Item!;
    }

    public async Task<ReviewItem> ApprovedItemAsync(string email, string subject = "Hello", Channel channel = Channel.Email, int step = 1, string? linkedInUrl = null)
    {
        var item = await EnqueueAsync(email, subject, channel, step, linkedInUrl);
        var decision = await Queue.ApproveAsync(item.Id, new ApproveRequest(), "reviewer", Ct);
        Assert.True(decision.Succeeded, decision.Refusal?.Detail);
        return decision.Item!;
    }

    public async Task<DispatchBatch> ApprovedBatchAsync(BatchMotion motion = BatchMotions.Outbound)
    {
        var created = await Batches.CreateAsync(motion, "ops", Ct);
        Assert.True(created.Succeeded, created.Refusal?.Detail);
        var approved = await Batches.ApproveAsync(created.Batch!.Id, Approver, Ct);
        Assert.True(approved.Succeeded, approved.Refusal?.Detail);
        return approved.Batch!;
    }

    public async Task<ReviewStatus> StatusOfAsync(string itemId) => (await Queue.GetAsync(itemId, Ct))!.Status;

    public async Task<List<AuditRecord>> ReadAuditAsync()
    {
        var list = new List<AuditRecord>();
        await foreach (var record in Audit.ReadAsync(cancellationToken: Ct))
        {
            list.Add(record);
        }

        return list;
    }

    public async Task<List<AlertEvent>> ReadAlertsAsync()
    {
        var list = new List<AlertEvent>();
        await foreach (var (_, alert) in Store.ReadLogJsonAsync(StateAlertPublisher.LogName, AlertJsonContext.Default.AlertEvent, cancellationToken: Ct))
        {
            list.Add(alert);
        }

        return list;
    }

    public void Dispose() => _services.Dispose();

    private static void MakePermissive(SafetyOptions options)
    {
        options.Ramp.Enabled = false;
        options.Caps.Monthly = null;
        options.Caps.Daily = null;
        options.Caps.Hourly = null;
        options.Caps.PerDomainPerHour = null;
        options.Caps.PerDomainPerBatch = null;
        options.Caps.PerMailboxDaily = null;
        options.Caps.MinimumGap = TimeSpan.Zero;
        options.SendWindow.Enabled = false;
    }
}
