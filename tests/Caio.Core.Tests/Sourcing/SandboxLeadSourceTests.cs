using Caio.Dedup;
using Caio.Pipeline;
using Caio.Sourcing;

namespace Caio.Core.Tests.Sourcing;

public sealed class SandboxLeadSourceTests
{
    [Fact]
    public async Task ReadAsync_SameSeed_YieldsSameLeads()
    {
        var sut = new SandboxLeadSource();
        var request = new PipelineRequest { Limit = 500, Seed = 7 };

        var first = await ReadAsync(sut, request);
        var second = await ReadAsync(sut, request);

        Assert.Equal(500, first.Count);
        Assert.Equal(first, second);
    }

    [Fact]
    public async Task ReadAsync_DifferentSeed_YieldsDifferentLeads()
    {
        var sut = new SandboxLeadSource();

        var a = await ReadAsync(sut, new PipelineRequest { Limit = 50, Seed = 1 });
        var b = await ReadAsync(sut, new PipelineRequest { Limit = 50, Seed = 2 });

        Assert.NotEqual(a, b);
    }

    [Fact]
    public void Generate_Leads_HaveValidReservedDomainAddresses()
    {
        foreach (var lead in SandboxLeadSource.Generate(SandboxDefaults.Seed, 2_000))
        {
            Assert.True(EmailCanonicalizer.Default.TryCreateKey(lead.Email!, out _, out var reason), $"{lead.Email}: {reason}");
            Assert.EndsWith(".example", lead.Email, StringComparison.Ordinal);
            Assert.NotNull(lead.Title);
            Assert.NotNull(lead.Company?.Industry);
        }
    }

    private static async Task<List<string>> ReadAsync(SandboxLeadSource source, PipelineRequest request)
    {
        var result = new List<string>();
        await foreach (var record in source.ReadAsync(request, TestContext.Current.CancellationToken))
        {
            var lead = record.Lead!;
            result.Add($"{lead.Email}|{lead.Title}|{lead.Company!.Employees}|{lead.Company.Industry}|{lead.Intent!.SiteVisits}|{lead.Source!.Type}");
        }

        return result;
    }
}
