using Caio.Enrichment;
using Caio.Leads;
using Caio.Pipeline;

namespace Caio.Core.Tests.Leads;

public sealed class LeadFactsTests
{
    [Fact]
    public async Task EnrichStage_ProviderFillsFacts_MarksThemWithTheProviderAndTheRestAsInput()
    {
        var lead = new Lead { Email = "ana@acme.example", Title = "CEO", Company = new Company { Name = "Acme", Industry = "SaaS" } };
        var sut = new EnrichStage([new SandboxEnrichmentProvider()]);
        var context = new PipelineContext("run_test", new PipelineRequest());

        var outcome = await sut.ProcessAsync(lead, context, TestContext.Current.CancellationToken);

        var enriched = Assert.IsType<EnrichedLead>(outcome.Value);
        var facts = enriched.Facts!.ToDictionary(f => f.Name, f => f.Source);
        Assert.Equal(LeadFact.InputSource, facts["title"]);
        Assert.Equal(LeadFact.InputSource, facts["industry"]);
        Assert.Equal("enrichment:sandbox", facts["employees"]);
        Assert.Equal("enrichment:sandbox", facts["timeZone"]);
    }

    [Fact]
    public void Describe_WithoutOriginal_EveryKnownFactIsInputAndUnknownOnesAreLeftOut()
    {
        var facts = LeadFacts.Describe(new Lead { Email = "a@b.example", Title = "CTO", Intent = new IntentSignals { SiteVisits = 3 } });

        Assert.Equal([("title", "CTO"), ("siteVisits", "3")], facts.Select(f => (f.Name, f.Value)));
        Assert.All(facts, f => Assert.Equal("input", f.Source));
    }
}
