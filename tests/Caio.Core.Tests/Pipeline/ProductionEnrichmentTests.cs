using Caio.Enrichment;
using Caio.Leads;
using Caio.Pipeline;
using Caio.Review;
using Caio.Scoring;
using Caio.Sourcing;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Core.Tests.Pipeline;

/// <summary>Production runs never invent facts: only the enrichers a host registers are asked.</summary>
public sealed class ProductionEnrichmentTests : IDisposable
{
    private const string Leads = """
        [
          {"email": "ana@acme.example", "firstName": "Ana", "title": "Founder & CEO", "company": {"name": "Acme", "domain": "acme.example", "industry": "SaaS"}},
          {"email": "ben@globex.example", "firstName": "Ben", "title": "VP of Sales", "company": {"name": "Globex", "domain": "globex.example", "industry": "Marketing & Advertising"}},
          {"email": "cleo@initech.example", "firstName": "Cleo", "title": "Chief Revenue Officer", "company": {"name": "Initech", "domain": "initech.example"}},
          {"email": "dan@umbrella.example", "firstName": "Dan", "title": "CEO", "company": {"name": "Umbrella", "domain": "umbrella.example", "industry": "SaaS"}},
          {"email": "eve@hooli.example", "firstName": "Eve", "title": "Head of Growth", "company": {"name": "Hooli", "domain": "hooli.example", "industry": "SaaS"}},
          {"email": "fay@stark.example", "firstName": "Fay", "title": "COO", "company": {"name": "Stark", "domain": "stark.example", "industry": "Marketing & Advertising"}}
        ]
        """;

    private readonly string _directory = Directory.CreateTempSubdirectory("caio-enrich-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task RunAsync_ProductionWithoutEnricher_KeepsMissingFactsMissingAndScorerTiers()
    {
        await using var provider = Build();
        var sut = provider.GetRequiredService<PipelineRunner>();

        var report = await sut.RunAsync(Request(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(RunReportStatus.Completed, report.Status);
        Assert.Equal(0, report.EnrichmentRate);
        Assert.Empty(report.EnrichmentProviders);
        var leads = await ReadLeadsAsync(provider);
        var scorer = provider.GetRequiredService<IIcpScorer>();
        var expectedTiers = leads.GroupBy(l => scorer.Evaluate(l).Tier.ToWireName()).ToDictionary(g => g.Key, g => (long)g.Count());
        Assert.All(report.Tiers, t => Assert.Equal(expectedTiers.GetValueOrDefault(t.Key), t.Value));
        var queued = await provider.GetRequiredService<IReviewQueue>().ListAsync(ReviewStatus.Pending, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEmpty(queued);
        Assert.All(queued, item =>
        {
            Assert.False(item.Enriched);
            Assert.Null(item.TimeZone);
            var lead = leads.Single(l => l.Email == item.RecipientEmail);
            Assert.Equal(scorer.Evaluate(lead).Tier, item.Tier);
        });
    }

    [Fact]
    public async Task RunAsync_HostRegistersEnricherAfterAddCaio_ItIsTheOnlyOneUsed()
    {
        var recording = new RecordingEnricher();
        await using var provider = Build(services => services.AddSingleton<IEnrichmentProvider>(recording));
        var sut = provider.GetRequiredService<PipelineRunner>();

        var report = await sut.RunAsync(Request(), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(6, recording.Calls);
        var only = Assert.Single(report.EnrichmentProviders);
        Assert.Equal(new EnrichmentProviderReport("recording", 6, 6), only);
        Assert.Equal(1.0, only.Rate);
        var queued = await provider.GetRequiredService<IReviewQueue>().ListAsync(ReviewStatus.Pending, cancellationToken: TestContext.Current.CancellationToken);
        Assert.NotEmpty(queued);
        Assert.All(queued, item => Assert.Equal("Asia/Tokyo", item.TimeZone));
    }

    [Fact]
    public async Task RunAsync_Sandbox_ReportsTheSandboxEnricherRate()
    {
        await using var provider = Build();
        var sut = provider.GetRequiredService<PipelineRunner>();

        var report = await sut.RunAsync(new PipelineRequest { Mode = PipelineMode.Sandbox, Limit = 200 }, cancellationToken: TestContext.Current.CancellationToken);

        var sandbox = Assert.Single(report.EnrichmentProviders);
        Assert.Equal(SandboxEnrichmentProvider.ProviderName, sandbox.Name);
        Assert.Equal(200, sandbox.Attempts);
        Assert.InRange(sandbox.Rate, 0.5, 0.99);
        Assert.Equal(report.EnrichmentRate, sandbox.Rate);
    }

    [Fact]
    public async Task RunAsync_ProductionNamingTheSandboxGenerator_IsRefused()
    {
        await using var provider = Build();
        var sut = provider.GetRequiredService<PipelineRunner>();

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => sut.RunAsync(new PipelineRequest { Mode = PipelineMode.Production, SourceName = "sandbox", Limit = 10 }, cancellationToken: TestContext.Current.CancellationToken));

        Assert.Contains("sandbox mode only", ex.Message, StringComparison.Ordinal);
    }

    private ServiceProvider Build(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection();
        services.AddCaio(_ => { }).UseInMemoryState();
        configure?.Invoke(services);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private PipelineRequest Request()
    {
        var path = Path.Combine(_directory, "leads.json");
        File.WriteAllText(path, Leads);
        return new PipelineRequest { Mode = PipelineMode.Production, InputFile = path, Limit = 100 };
    }

    private async Task<List<Lead>> ReadLeadsAsync(IServiceProvider provider)
    {
        var source = provider.GetServices<ILeadSource>().OfType<FileLeadSource>().Single();
        var leads = new List<Lead>();
        await foreach (var record in source.ReadAsync(Request(), TestContext.Current.CancellationToken))
        {
            leads.Add(record.Lead!);
        }

        return leads;
    }

    private sealed class RecordingEnricher : IEnrichmentProvider
    {
        private int _calls;

        public int Calls => _calls;

        public string Name => "recording";

        public ValueTask<EnrichedLead> EnrichAsync(Lead lead, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref _calls);
            return ValueTask.FromResult(new EnrichedLead(lead with { TimeZone = "Asia/Tokyo" }, Enriched: true, Provider: Name));
        }
    }
}
