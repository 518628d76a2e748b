using BenchmarkDotNet.Attributes;
using Caio.Leads;
using Caio.Safety;
using Caio.Safety.Internal;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Benchmarks;

/// <summary>
/// The guard chain's allowed send taken apart: each layer of <see cref="GuardChainBenchmarks.EvaluateAllowedAndRelease"/>
/// on its own (same options, store, clock and send), with its reservation released, so time and allocation per send
/// can be attributed to a layer. <c>Precheck</c> is the look the chain takes at the reserving layers before the
/// first slot is taken (ramp and caps, read only).
/// </summary>
[MemoryDiagnoser]
public class GuardLayerBenchmarks
{
    private ISendGuard _guard = null!;
    private ISendGuard[] _precheck = null!;
    private SendContext _live = null!;
    private SendContext _look = null!;

    [Params("emergency_stop", "mode", "gatekeeper", "suppression", "history", "send_window", "ramp", "caps", "precheck")]
    public string Layer { get; set; } = "caps";

    [GlobalSetup]
    public void Setup()
    {
        var time = new FixedTimeProvider(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
        var store = new InMemoryStateStore(time);
        var options = Options.Create(new SafetyOptions());
        var stop = new EmergencyStop(store, options, time, _ => null);
        var chain = new SafetyChainBuilder(
                stop,
                new SuppressionStore(store, options, time),
                new ContactHistory(store, time),
                new RampTracker(store, options, time),
                new SendCaps(store, options, time),
                options,
                time)
            .Build();
        var guards = typeof(SafetyChain)
            .GetField("_guards", System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!
            .GetValue(chain) as ISendGuard[];
        _precheck = [.. guards!.Where(g => g is RampGuard or CapGuard)];
        _guard = Layer == "precheck" ? _precheck[0] : guards!.Single(g => g.Name == Layer);
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
            Mode = EvaluationMode.Enforce,
        };
        _look = _live with { Mode = EvaluationMode.DryRun };
    }

    [Benchmark]
    public async Task<bool> EvaluateAndRelease()
    {
        if (Layer == "precheck")
        {
            var allowed = true;
            foreach (var guard in _precheck)
            {
                allowed &= (await guard.EvaluateAsync(_look)).Decision.IsAllowed;
            }

            return allowed;
        }

        var evaluation = await _guard.EvaluateAsync(_live);
        if (evaluation.Reservation is { } reservation)
        {
            await reservation.ReleaseAsync();
        }

        return evaluation.Decision.IsAllowed;
    }
}
