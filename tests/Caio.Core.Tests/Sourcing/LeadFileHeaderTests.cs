using Caio.Sourcing;

namespace Caio.Core.Tests.Sourcing;

public sealed class LeadFileHeaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("caio-header-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Theory]
    [InlineData(',', "Email Address,First Name,Last Name,Job Title,Company Name,Website,Number of Employees,Industry,LinkedIn URL")]
    [InlineData(';', "email address;first name;LAST NAME;job_title;Company;website;Employees;industry;linkedin_url")]
    [InlineData('\t', "Email\tFirstName\tLastName\tTitle\tOrganization\tDomain\t# Employees\tSector\tLinkedIn")]
    public async Task InspectAsync_CrmExportHeaders_MapToLeadFieldsWithTheSeparatorFound(char delimiter, string header)
    {
        var path = Write("leads.csv", header + "\nana@acme.example\n");

        var sut = await LeadFileReader.InspectAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(delimiter, sut.Delimiter);
        Assert.Equal(
            ["email", "firstName", "lastName", "title", "companyName", "companyDomain", "employees", "industry", "linkedInUrl"],
            sut.Columns.Select(c => c.Value));
        Assert.Empty(sut.IgnoredColumns);
    }

    [Fact]
    public async Task ReadAsync_CrmExport_FillsLeadFieldsNormalizingWebsiteAndEmployeeCounts()
    {
        var path = Write("leads.csv", "Email Address;Job Title;Company Name;Website;Number of Employees;Owner\nana@acme.example;CEO;Acme;https://www.acme.example/about;\"1,200\";Bob\nbo@acme.example;CTO;Acme;acme.example;51-200;Bob\ncy@acme.example;CTO;Acme;;10000+;Bob\n");

        var leads = await LeadFileReader.ReadAsync(path, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken);
        var header = await LeadFileReader.InspectAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal(["CEO", "CTO", "CTO"], leads.Select(l => l.Title));
        Assert.Equal(["acme.example", "acme.example", null], leads.Select(l => l.Company!.Domain));
        Assert.Equal([1_200, 51, 10_000], leads.Select(l => l.Company!.Employees));
        Assert.Equal(["Owner"], header.IgnoredColumns);
    }

    [Fact]
    public async Task ReadAsync_JsonPropertyNamesInAnyCaseAndNumbersAsStrings_AreRead()
    {
        var path = Write("leads.json", """[{"EMAIL":"ana@acme.example","Title":"CEO","company":{"NAME":"Acme","employees":"120"},"Intent":{"SiteVisits":"4","demoRequested":true}}]""");

        var lead = Assert.Single(await LeadFileReader.ReadAsync(path, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Equal("ana@acme.example", lead.Email);
        Assert.Equal("CEO", lead.Title);
        Assert.Equal("Acme", lead.Company!.Name);
        Assert.Equal(120, lead.Company.Employees);
        Assert.Equal(4, lead.Intent!.SiteVisits);
    }

    [Theory]
    [InlineData("Name;Mail\nAna;a@acme.example\n", "separated by ';'")]
    [InlineData("Name,Mail\nAna,a@acme.example\n", "Columns found: 'Name', 'Mail'.")]
    public async Task ReadAsync_NoEmailColumn_NamesTheColumnsAndTheSeparator(string csv, string expected)
    {
        var path = Write("leads.csv", csv);

        var ex = await Assert.ThrowsAsync<LeadImportException>(async () => await LeadFileReader.ReadAsync(path, TestContext.Current.CancellationToken).ToListAsync(TestContext.Current.CancellationToken));

        Assert.Contains("no 'email' column", ex.Message, StringComparison.Ordinal);
        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }
}
