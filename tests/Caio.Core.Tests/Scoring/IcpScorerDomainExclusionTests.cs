using Caio.Leads;
using Caio.Scoring;

namespace Caio.Core.Tests.Scoring;

/// <summary>
/// Excluded domains seen through the company's domain and the lead's address together: an address at the company's
/// own host is not looked at twice, and host suffixes are only looked up at the lengths configured domains have;
/// neither shortcut may change which leads are disqualified.
/// </summary>
public sealed class IcpScorerDomainExclusionTests
{
    private static readonly IcpScorer Sut = Create("competitor.com", "x.io", "@Rival.Example", "www.long-named-competitor.example");

    [Theory]
    [InlineData("acme.example", "jane@competitor.com")]
    [InlineData("acme.example", "Jane.Doe@Mail.Competitor.COM")]
    [InlineData("acme.example", "  jane@competitor.com \t")]
    [InlineData("acme.example", "jane@sub.x.io")]
    [InlineData("acme.example", "jane@rival.example")]
    [InlineData("acme.example", "jane@eu.long-named-competitor.example")]
    [InlineData("https://acme.example/about", "jane@competitor.com")]
    [InlineData("competitor.com", "jane@acme.example")]
    [InlineData("Competitor.COM", "jane@competitor.com")]
    [InlineData("competitor.com.", "jane@competitor.com")]
    [InlineData("x.io", "jane@x.io")]
    public void Evaluate_CompanyOrAddressAtExcludedDomain_Disqualifies(string companyDomain, string email)
    {
        var evaluation = Sut.Evaluate(new Lead { Email = email, Company = new Company { Domain = companyDomain } });

        Assert.Equal(IcpDisqualifications.ExcludedDomain, evaluation.Disqualifications);
    }

    [Theory]
    [InlineData("acme.example", "jane@acme.example")]
    [InlineData("acme.example", "jane@ACME.Example")]
    [InlineData("acme.example", "jane@acme.example ")]
    [InlineData("acme.example", "jane@notcompetitor.com")]
    [InlineData("acme.example", "jane@competitor.com.evil.io")]
    [InlineData("acme.example", "jane@x.iox")]
    [InlineData("acme.example", "jane@xx.io")]
    [InlineData("notcompetitor.com", "jane@notcompetitor.com")]
    [InlineData("long-named-competitor.example.org", "jane@long-named-competitor.example.org")]
    public void Evaluate_NeitherAtExcludedDomain_DoesNotDisqualify(string companyDomain, string email)
    {
        var evaluation = Sut.Evaluate(new Lead { Email = email, Company = new Company { Domain = companyDomain } });

        Assert.Equal(IcpDisqualifications.None, evaluation.Disqualifications);
    }

    private static IcpScorer Create(params string[] domains)
    {
        var options = new IcpOptions();
        foreach (var domain in domains)
        {
            options.Exclusions.Domains.Add(domain);
        }

        return new IcpScorer(options);
    }
}
