using Caio.Leads;
using Caio.Sourcing;

namespace Caio.Core.Tests.Sourcing;

public sealed class LeadFileReaderTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("caio-import-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task ReadAsync_JsonArray_ReadsEveryFieldInOrder()
    {
        var path = Write("leads.json", """
            [
              {"email": "ana@example.com", "firstName": "Ana", "lastName": "Lopez", "title": "CEO", "linkedInUrl": "https://www.linkedin.com/in/ana",
               "timeZone": "Europe/Madrid",
               "company": {"name": "Acme", "domain": "example.com", "employees": 120, "industry": "SaaS", "techStack": ["HubSpot", "Gong"]},
               "intent": {"siteVisits": 5, "contentDownloads": 1, "pricingPageVisits": 2, "demoRequested": true},
               "source": {"type": "webinar_registrant", "name": "Q3 webinar"}},
              {"email": "bo@example.org"}
            ]
            """);

        var leads = await ReadAllAsync(path);

        Assert.Equal(2, leads.Count);
        var ana = leads[0];
        Assert.Equal("Ana", ana.FirstName);
        Assert.Equal(120, ana.Company!.Employees);
        Assert.Equal(["HubSpot", "Gong"], ana.Company.TechStack);
        Assert.True(ana.Intent!.DemoRequested);
        Assert.Equal(SourceType.WebinarRegistrant, ana.Source!.Type);
        Assert.Null(leads[1].Company);
    }

    [Theory]
    [InlineData("[{\"email\": \"a@example.com\", \"company\": {\"employees\": \"lots\"}}]", "'company.employees' is \"lots\"; it takes a whole number (e.g. 250 or \"250\")")]
    [InlineData("[{\"email\": \"a@example.com\", \"Source\": {\"Type\": \"bogus\"}}]", "'Source.Type' is \"bogus\"; it takes one of: import, post_commenter, event_attendee")]
    [InlineData("[{\"email\": \"a@example.com\", \"intent\": {\"demoRequested\": \"maybe\"}}]", "'intent.demoRequested' is \"maybe\"; it takes true or false")]
    [InlineData("[{\"email\": \"a@example.com\", \"company\": {\"techStack\": \"HubSpot\"}}]", "'company.techStack' is \"HubSpot\"; it takes a JSON array")]
    [InlineData("[{\"email\": \"a@example.com\", \"company\": \"Contoso\"}]", "'company' is \"Contoso\"; it takes a JSON object")]
    public async Task ReadAsync_ValueOfTheWrongKind_NamesTheFieldTheValueAndWhatItTakes(string json, string expected)
    {
        var path = Write("kinds.json", json);

        var ex = await Assert.ThrowsAsync<LeadImportException>(() => ReadAllAsync(path));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("System.", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Caio.", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("[{\"email\": \"a@example.com\",}", "lead #")]
    [InlineData("{\"email\": \"a@example.com\"}", "expected a JSON array")]
    [InlineData("", "empty")]
    [InlineData("[{\"firstName\": \"NoEmail\"}]", "has no 'email'")]
    [InlineData("[{\"email\": \"a@example.com\", \"source\": {\"type\": \"cold_call\"}}]", "lead #1")]
    [InlineData("[{\"email\": \"a@example.com\", \"company\": {\"employees\": \"many\"}}]", "$[0].company.employees")]
    public async Task ReadAsync_BadJson_ThrowsNamingTheProblem(string json, string expectedFragment)
    {
        var path = Write("bad.json", json);

        var ex = await Assert.ThrowsAsync<LeadImportException>(() => ReadAllAsync(path));

        Assert.Contains(expectedFragment, ex.Message, StringComparison.Ordinal);
        Assert.Contains("bad.json", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_Csv_ParsesQuotedFieldsAndLists()
    {
        var path = Write(
            "leads.csv",
            "email,firstName,title,companyName,employees,industry,techStack,siteVisits,demoRequested,sourceType\n"
            + "ana@example.com,Ana,\"Founder, CEO\",\"Acme, Inc.\",120,SaaS,HubSpot;Gong,3,true,event_attendee\n"
            + "\"bo@example.org\",Bo,\"Head of \"\"Data\"\"\",,,,,,,\n"
            + "\n");

        var leads = await ReadAllAsync(path);

        Assert.Equal(2, leads.Count);
        Assert.Equal("Founder, CEO", leads[0].Title);
        Assert.Equal("Acme, Inc.", leads[0].Company!.Name);
        Assert.Equal(["HubSpot", "Gong"], leads[0].Company!.TechStack);
        Assert.Equal(SourceType.EventAttendee, leads[0].Source!.Type);
        Assert.Equal("Head of \"Data\"", leads[1].Title);
        Assert.Null(leads[1].Company!.Employees);
    }

    [Theory]
    [InlineData("firstName\nAna\n", "no 'email' column")]
    [InlineData("email,employees\na@example.com,lots\n", "lead #1 (line 2), column 'employees'")]
    [InlineData("email,sourceType\na@example.com,cold_call\n", "unknown source type 'cold_call'")]
    [InlineData("email,title\na@example.com,\"unterminated\n", "unterminated")]
    public async Task ReadAsync_BadCsv_ThrowsNamingTheProblem(string csv, string expectedFragment)
    {
        var path = Write("bad.csv", csv);

        var ex = await Assert.ThrowsAsync<LeadImportException>(() => ReadAllAsync(path));

        Assert.Contains(expectedFragment, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_JsonSpanningManyBuffersWithBomCommentsAndTrailingCommas_ReadsEveryLeadInOrder()
    {
        var text = new System.Text.StringBuilder("\uFEFF[ // leads\n");
        for (var i = 0; i < 3_000; i++)
        {
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"  {{\"email\": \"lead{i}@example.com\", /* note */ \"title\": \"{new string('t', 900)}\", \"company\": {{\"techStack\": [\"a\", \"b\",],}},}},\n");
        }

        var path = Write("many.json", text.Append(']').ToString());

        var leads = await ReadAllAsync(path);

        Assert.Equal(3_000, leads.Count);
        Assert.Equal("lead2999@example.com", leads[^1].Email);
        Assert.All(leads, l => Assert.Equal(900, l.Title!.Length));
    }

    [Fact]
    public async Task ReadAsync_CsvWithCrLfAndQuotedLineBreaks_ParsesRecords()
    {
        var path = Write("crlf.csv", "email,title\r\na@example.com,\"Head of\r\nSales\"\r\nb@example.com,CEO\r\n");

        var leads = await ReadAllAsync(path);

        Assert.Equal(["a@example.com", "b@example.com"], leads.Select(l => l.Email));
        Assert.Equal("Head of\nSales", leads[0].Title);
    }

    [Fact]
    public async Task ReadAsync_FieldOverLimit_ThrowsNamingTheLeadAndField()
    {
        var path = Write("long.json", $"[{{\"email\": \"a@example.com\"}}, {{\"email\": \"b@example.com\", \"title\": \"{new string('t', LeadFileLimits.MaxFieldLength + 1)}\"}}]");

        var ex = await Assert.ThrowsAsync<LeadImportException>(() => ReadAllAsync(path));

        Assert.Contains("lead #2 ($[1], line 1, b***@example.com): field 'title' is longer than 1,000 characters", ex.Message, StringComparison.Ordinal);
    }

    private string Write(string name, string content)
    {
        var path = Path.Combine(_dir, name);
        File.WriteAllText(path, content);
        return path;
    }

    private static async Task<List<Lead>> ReadAllAsync(string path)
    {
        var leads = new List<Lead>();
        await foreach (var lead in LeadFileReader.ReadAsync(path, TestContext.Current.CancellationToken))
        {
            leads.Add(lead);
        }

        return leads;
    }
}
