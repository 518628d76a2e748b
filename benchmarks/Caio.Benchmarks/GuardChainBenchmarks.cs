using BenchmarkDotNet.Attributes;
using Caio.Leads;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Benchmarks;

/// <summary>
/// The full safety chain for one allowed live send on the in-memory store (default options: ramp,
/// every cap, minimum gap and send window on). Each evaluation is released so counters never fill.
/// <see cref="EvaluateAllowedAndCommit"/> measures the evaluation of a send that goes out: every layer
/// on, the reservations committed, the clock moving by the minimum gap between sends (limits raised
/// so that no window fills during the run).
/// </summary>
[MemoryDiagnoser]
public class GuardChainBenchmarks
{
    private SafetyChain _chain = null!;
    private SafetyChain _committing = null!;
    private SteppingTimeProvider _steppingTime = null!;
    private SendContext _live = null!;
    private SendContext _preview = null!;
    private SendContext _longLived = null!;

    [GlobalSetup]
    public void Setup()
    {
        var time = new FixedTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var store = new InMemoryStateStore(time);
        var options = Options.Create(new SafetyOptions());
        var stop = new EmergencyStop(store, options, time, _ => null);
        _chain = new SafetyChainBuilder(
                stop,
                new SuppressionStore(store, options, time),
                new ContactHistory(store, time),
                new RampTracker(store, options, time),
                new SendCaps(store, options, time),
                options,
                time)
            .Build();
        _live = new SendContext
        {
            RecipientKey = "email:jane.doe@acme.com",
            RecipientDomain = "acme.com",
            RecipientTimeZone = "Europe/Berlin",
            Channel = Channel.Email,
            Step = 1,
            Tier = Tier.Tier1,
            Mailbox = "outbound-1@sender.example",
            BatchId = "batch-1",
            Batch = new BatchAuthorization("batch-1", true, time.GetUtcNow().AddHours(24), true, true),
            Live = true,
        };
        _preview = _live with { Live = false };

        _steppingTime = new SteppingTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var roomy = new SafetyOptions();
        roomy.Ramp.DailyLimit = int.MaxValue;
        roomy.Caps.Monthly = roomy.Caps.Daily = roomy.Caps.Hourly = int.MaxValue;
        roomy.Caps.PerDomainPerHour = roomy.Caps.PerDomainPerBatch = roomy.Caps.PerMailboxDaily = int.MaxValue;
        roomy.SendWindow.Enabled = false;
        var roomyOptions = Options.Create(roomy);
        var committingStore = new InMemoryStateStore(_steppingTime);
        _committing = SafetyChainBuilder.Create(committingStore, roomyOptions, _steppingTime).Build();

        // The clock moves 45 s per send; keep the batch valid for the whole run.
        _longLived = _live with { Batch = new BatchAuthorization("batch-1", true, _steppingTime.GetUtcNow().AddYears(200), true, true) };
    }

    [Benchmark]
    public async Task<bool> EvaluateAllowedAndCommit()
    {
        _steppingTime.Step(TimeSpan.FromSeconds(45));
        var result = await _committing.EvaluateAsync(_longLived);
        if (!result.IsAllowed)
        {
            throw new InvalidOperationException($"Expected an allowed send: {result.DecidedBy} {result.Decision}");
        }

        await result.CommitAsync();
        return result.IsAllowed;
    }

    [Benchmark(Baseline = true)]
    public async Task<bool> EvaluateAllowedAndRelease()
    {
        var result = await _chain.EvaluateAsync(_live);
        await result.ReleaseAsync();
        return result.IsAllowed;
    }

    [Benchmark]
    public async Task<int> DryRunEveryLayer()
    {
        var result = await _chain.EvaluateAsync(_preview, EvaluationMode.DryRun);
        return result.Findings.Count;
    }

    [Benchmark]
    public async Task<bool> RecheckEmergencyStop() => (await _chain.CheckEmergencyStopAsync()).IsAllowed;
}

/// <summary>
/// Contact history: record a send and check it, with 1,000 or 1,000,000 recipients already on
/// record. The cost must not depend on the number on record (one key per recipient, never a scan).
/// </summary>
[MemoryDiagnoser]
public class ContactHistoryBenchmarks
{
    private InMemoryStateStore _store = null!;
    private ContactHistory _history = null!;
    private string[] _onRecord = null!;
    private long _next;

    [Params(1_000, 1_000_000)]
    public int RecipientsOnRecord { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var time = new FixedTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        _store = new InMemoryStateStore(time);
        _history = new ContactHistory(_store, time);
        _onRecord = new string[RecipientsOnRecord];
        for (var i = 0; i < RecipientsOnRecord; i++)
        {
            _onRecord[i] = $"email:lead{i}@company{i % 5000}.example";
            _history.RecordSendAsync(_onRecord[i], 1, Channel.Email, "instantly").AsTask().GetAwaiter().GetResult();
        }
    }

    [Benchmark(Baseline = true)]
    public async Task<bool> CheckRecipientOnRecord()
    {
        var key = _onRecord[(int)(Interlocked.Increment(ref _next) % _onRecord.Length)];
        return (await _history.CheckAsync(key, 2)).IsAllowed;
    }

    [Benchmark]
    public async Task<bool> RecordAndCheckNewRecipient()
    {
        var key = "email:new" + Interlocked.Increment(ref _next) + "@fresh.example";
        await _history.RecordSendAsync(key, 1, Channel.Email, "instantly");
        var decision = await _history.CheckAsync(key, 1);

        // Remove it again so the number on record stays what the parameter says.
        await _store.DeleteAsync(ContactHistory.KeyFor(key));
        return decision.IsDenied;
    }
}

/// <summary>A clock moved explicitly by the benchmark.</summary>
internal sealed class SteppingTimeProvider(DateTimeOffset start) : TimeProvider
{
    private long _ticks = start.UtcTicks;

    public void Step(TimeSpan delta) => Interlocked.Add(ref _ticks, delta.Ticks);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
}

/// <summary>A clock that never moves, so the send window and the cap windows stay the same.</summary>
internal sealed class FixedTimeProvider(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
