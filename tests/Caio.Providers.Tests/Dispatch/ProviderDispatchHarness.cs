using Caio.Batches;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Leads;
using Caio.Review;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Caio.Providers.Tests.Dispatch;

/// <summary>
/// The real SDK (file state in a directory, or memory state without one; real clock) with real provider clients registered by
/// <c>AddInstantly</c> / <c>AddHeyReach</c> pointed at loopback fakes. Every volume layer is off
/// (ramp, caps, gap, send window); the emergency stop ignores the process environment.
/// </summary>
internal sealed class ProviderDispatchHarness : IDisposable
{
    private readonly ServiceProvider _services;

    public ProviderDispatchHarness(string? stateDirectory, Action<ICaioBuilder> providers, Action<OperatorOptions>? operatorOptions = null)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IEmergencyStop>(sp => new EmergencyStop(sp.GetRequiredService<IStateStore>(), sp.GetRequiredService<IOptions<SafetyOptions>>(), TimeProvider.System, _ => null));
        var caio = services.AddCaio(o => o.StateDirectory = stateDirectory ?? ".caio");
        if (stateDirectory is null)
        {
            caio.UseInMemoryState();
        }

        providers(caio);
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
        services.Configure<OperatorOptions>(o => operatorOptions?.Invoke(o));
        services.Configure<BatchOptions>(o => o.MaxItems = 100);
        _services = services.BuildServiceProvider();
    }

    public IServiceProvider Services => _services;

    public IReviewQueue Queue => _services.GetRequiredService<IReviewQueue>();

    public BatchService Batches => _services.GetRequiredService<BatchService>();

    public DispatchOperator NewOperator() => DispatchOperator.Create(_services);

    public static MessageDraft Draft(string email, Channel channel, string? linkedInUrl, int step = 1) =>
        new(
            new ScoredLead(
                new EnrichedLead(new Lead { Email = email, FirstName = "Ana", LinkedInUrl = linkedInUrl, Company = new Company { Name = "Acme", Domain = email[(email.IndexOf('@') + 1)..] } }, true, "test"),
                new IcpScore { Score = 85, Tier = Tier.Tier1, Reasons = [new ScoreReason("title", 25, "ceo")] }),
            new SequenceStep(step, 1, channel, "intro"),
            "Hello " + email,
            "Hi Ana, a short note for " + email + ".",
            "template");

    public async Task<string> ApprovedItemAsync(string email, Channel channel, string? linkedInUrl, CancellationToken cancellationToken)
    {
        var queued = await Queue.EnqueueAsync(Draft(email, channel, linkedInUrl), cancellationToken: cancellationToken);
        Assert.True(queued.Accepted, queued.Refusal?.Detail);
        var approved = await Queue.ApproveAsync(queued.Item!.Id, new ApproveRequest(), "reviewer", cancellationToken);
        Assert.True(approved.Succeeded, approved.Refusal?.Detail);
        return approved.Item!.Id;
    }

    public async Task<int> CreateBatchesAsync(CancellationToken cancellationToken)
    {
        var count = 0;
        while ((await Batches.CreateAsync(BatchMotions.Outbound, "ops", cancellationToken)).Batch is { } batch)
        {
            Assert.True((await Batches.ApproveAsync(batch.Id, "head-of-sales", cancellationToken)).Succeeded);
            count++;
        }

        return count;
    }

    public void Dispose() => _services.Dispose();
}
