using Caio.Leads;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Safety;

/// <summary>Real safety components on a real in-memory store, a fake clock and a fake environment.</summary>
internal sealed class SafetyHarness
{
    /// <summary>Monday 2026-01-05 10:00 UTC.</summary>
    public static readonly DateTimeOffset Monday10Utc = new(2026, 1, 5, 10, 0, 0, TimeSpan.Zero);

    public SafetyHarness(Action<SafetyOptions>? configure = null, DateTimeOffset? now = null)
    {
        Time = new FakeTimeProvider(now ?? Monday10Utc);
        Store = new InstrumentedStateStore(new InMemoryStateStore(Time));
        Options = Permissive();
        configure?.Invoke(Options);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Stop = new EmergencyStop(Store, options, Time, name => Environment.TryGetValue(name, out var value) ? value : null);
        Suppression = new SuppressionStore(Store, options, Time);
        History = new ContactHistory(Store, Time);
        Ramp = new RampTracker(Store, options, Time);
        Caps = new SendCaps(Store, options, Time);
        Status = new SafetyStatusReader(Stop, Ramp, Caps, options);
        OptionsWrapper = options;
    }

    public FakeTimeProvider Time { get; }

    public InstrumentedStateStore Store { get; }

    public SafetyOptions Options { get; }

    public IOptions<SafetyOptions> OptionsWrapper { get; }

    public Dictionary<string, string?> Environment { get; } = new(StringComparer.Ordinal);

    public EmergencyStop Stop { get; }

    public SuppressionStore Suppression { get; }

    public ContactHistory History { get; }

    public RampTracker Ramp { get; }

    public SendCaps Caps { get; }

    public SafetyStatusReader Status { get; }

    /// <summary>Options with every volume layer switched off, so a test switches on only what it tests.</summary>
    public static SafetyOptions Permissive()
    {
        var options = new SafetyOptions();
        options.Ramp.Enabled = false;
        options.Caps.Monthly = null;
        options.Caps.Daily = null;
        options.Caps.Hourly = null;
        options.Caps.PerDomainPerHour = null;
        options.Caps.PerDomainPerBatch = null;
        options.Caps.PerMailboxDaily = null;
        options.Caps.MinimumGap = TimeSpan.Zero;
        options.SendWindow.Enabled = false;
        return options;
    }

    public SafetyChain Chain(Action<SafetyChainBuilder>? extend = null)
    {
        var builder = new SafetyChainBuilder(Stop, Suppression, History, Ramp, Caps, OptionsWrapper, Time);
        extend?.Invoke(builder);
        return builder.Build();
    }

    /// <summary>A live send from an approved batch.</summary>
    public SendContext Send(
        string email = "jane@acme.com",
        Tier tier = Tier.Tier1,
        int step = 1,
        Channel channel = Channel.Email,
        string? mailbox = null,
        string batchId = "batch-1",
        string? timeZone = null) =>
        new()
        {
            RecipientKey = "email:" + email,
            RecipientDomain = email[(email.LastIndexOf('@') + 1)..],
            RecipientTimeZone = timeZone,
            Channel = channel,
            Step = step,
            Tier = tier,
            Mailbox = mailbox,
            BatchId = batchId,
            Batch = new BatchAuthorization(batchId, Approved: true, Time.GetUtcNow().AddHours(24), HashVerified: true, InScope: true),
            Live = true,
        };
}
