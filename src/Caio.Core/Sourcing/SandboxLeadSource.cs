using System.Globalization;
using System.Runtime.CompilerServices;
using Caio.Leads;
using Caio.Pipeline;

namespace Caio.Sourcing;

/// <summary>
/// Deterministic generator of realistic sandbox leads: the same seed always yields the same leads,
/// in the same order, in any process and culture. Addresses use the reserved <c>.example</c>
/// top-level domain, so a sandbox lead can never reach a real inbox. Leads are generated lazily:
/// a million leads cost no more memory than ten.
/// </summary>
public sealed class SandboxLeadSource : ILeadSource
{
    /// <summary>The name of this source.</summary>
    public const string SourceName = "sandbox";

    private static readonly string[] FirstNames =
    [
        "Ava", "Ben", "Chloe", "Daniel", "Elena", "Felix", "Grace", "Hugo", "Isla", "Jonas", "Kira", "Liam", "Maya",
        "Noah", "Olivia", "Paul", "Quinn", "Rosa", "Sam", "Tara", "Umar", "Vera", "Will", "Xenia", "Yusuf", "Zoe",
        "André", "Björn", "Chiara", "Dário", "Émilie", "Søren",
    ];

    private static readonly string[] LastNames =
    [
        "Adams", "Baker", "Costa", "Dubois", "Evans", "Fischer", "Garcia", "Hansen", "Ito", "Jensen", "Kowalski",
        "Lopez", "Meyer", "Nakamura", "Oliveira", "Patel", "Quinn", "Rossi", "Schmidt", "Tanaka", "Underwood",
        "Vargas", "Weber", "Young", "Zimmermann", "Müller", "Núñez", "O'Brien",
    ];

    private static readonly string[] Titles =
    [
        "CEO", "Founder & CEO", "Co-Founder", "Chief Executive Officer", "President", "COO", "Owner", "Managing Partner",
        "CTO", "Chief Technology Officer", "CFO", "CMO", "Chief Revenue Officer", "VP of Sales", "Vice President Marketing",
        "SVP Operations", "Managing Director", "Head of Digital", "Chief of Staff", "Director of Operations",
        "Senior Director, Engineering", "Head of Data", "Head of Growth", "Sales Director", "Marketing Manager",
        "Senior Manager, RevOps", "Team Lead", "Principal Consultant", "Account Executive", "Software Engineer",
        "Marketing Coordinator", "Product Owner", "Account Owner", "Executive Assistant", "Analyst",
    ];

    private static readonly string[] Industries =
    [
        "Marketing & Advertising", "Staffing & Recruiting", "Management Consulting", "Legal Services", "Accounting",
        "Real Estate", "E-commerce", "Computer Software", "SaaS", "Information Technology & Services", "Hospital & Health Care",
        "Financial Services", "Insurance", "Manufacturing", "Logistics & Supply Chain", "Construction",
        "Professional Services", "Restaurants", "Government Administration", "Non-profit Organization", "Higher Education",
        "Media Production",
    ];

    private static readonly string[] CompanyWords =
    [
        "North", "Blue", "Bright", "Summit", "Harbor", "Cedar", "Atlas", "Nimbus", "Vector", "Lumen", "Granite", "Maple",
        "Orbit", "Pioneer", "Quartz", "River", "Sterling", "Vertex", "Willow", "Zenith",
    ];

    private static readonly string[] CompanySuffixes = ["Labs", "Partners", "Group", "Works", "Digital", "Solutions", "Systems", "Co"];

    private static readonly string[] Technologies =
    [
        "Salesforce", "HubSpot", "Pipedrive", "Zoho CRM", "Dynamics 365", "Freshsales", "Gong", "Clari", "Outreach",
        "Salesloft", "Apollo", "ZoomInfo", "Marketo", "Pardot", "Mailchimp", "Klaviyo", "Intercom", "Slack", "Notion",
        "Jira", "Shopify", "WordPress",
    ];

    private static readonly string[] TimeZones =
    [
        "America/New_York", "America/Chicago", "America/Denver", "America/Los_Angeles", "Europe/London", "Europe/Berlin",
        "Europe/Paris", "Europe/Madrid", "Europe/Amsterdam", "Australia/Sydney",
    ];

    private static readonly SourceType[] SourceTypes =
    [
        SourceType.Search, SourceType.Search, SourceType.Search, SourceType.PostCommenter, SourceType.EventAttendee,
        SourceType.CompetitorFollower, SourceType.WebsiteVisitor, SourceType.ContentDownloader, SourceType.DemoRequester,
        SourceType.WebinarRegistrant,
    ];

    private static readonly int[] SizeBands = [5, 15, 35, 120, 300, 700, 2500];

    // ASCII forms of the names for addresses and profile URLs, computed once.
    private static readonly string[] AsciiFirstNames = [.. FirstNames.Select(Ascii)];
    private static readonly string[] AsciiLastNames = [.. LastNames.Select(Ascii)];

    /// <inheritdoc />
    public string Name => SourceName;

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceRecord> ReadAsync(PipelineRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var random = new Random(request.Seed);
        var sourceName = request.SourceName ?? SourceName;
        CompanyProfile company = default;
        var peopleLeft = 0;
        for (var index = 0; index < request.Limit; index++)
        {
            if ((index & 1023) == 1023)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await Task.Yield();
            }

            if (peopleLeft == 0)
            {
                company = NextCompany(random, index);
                peopleLeft = 1 + random.Next(4);
            }

            peopleLeft--;
            yield return SourceRecord.Valid(NextLead(random, company, index, sourceName));
        }
    }

    /// <summary>Generates the lead at a position for a seed without a pipeline (tests, demos).</summary>
    /// <param name="seed">Generator seed.</param>
    /// <param name="count">How many leads.</param>
    /// <returns>The leads.</returns>
    public static IEnumerable<Lead> Generate(int seed, int count)
    {
        var random = new Random(seed);
        CompanyProfile company = default;
        var peopleLeft = 0;
        for (var index = 0; index < count; index++)
        {
            if (peopleLeft == 0)
            {
                company = NextCompany(random, index);
                peopleLeft = 1 + random.Next(4);
            }

            peopleLeft--;
            yield return NextLead(random, company, index, SourceName);
        }
    }

    private static CompanyProfile NextCompany(Random random, int index)
    {
        var word = CompanyWords[random.Next(CompanyWords.Length)];
        var suffix = CompanySuffixes[random.Next(CompanySuffixes.Length)];
        var band = SizeBands[random.Next(SizeBands.Length)];
        var employees = Math.Max(2, band + random.Next(-band / 3, band / 3 + 1));
        var techCount = random.Next(5);
        var tech = new string[techCount];
        for (var i = 0; i < techCount; i++)
        {
            tech[i] = Technologies[random.Next(Technologies.Length)];
        }

        var slug = string.Create(CultureInfo.InvariantCulture, $"{word.ToLowerInvariant()}{suffix.ToLowerInvariant()}-{index:x}");
        return new CompanyProfile(
            new Company
            {
                Name = word + " " + suffix,
                Domain = slug + ".example",
                Employees = employees,
                Industry = Industries[random.Next(Industries.Length)],
                TechStack = [.. tech.Distinct(StringComparer.Ordinal)],
            },
            TimeZones[random.Next(TimeZones.Length)]);
    }

    private static Lead NextLead(Random random, CompanyProfile company, int index, string sourceName)
    {
        var firstIndex = random.Next(FirstNames.Length);
        var lastIndex = random.Next(LastNames.Length);
        var first = FirstNames[firstIndex];
        var last = LastNames[lastIndex];
        var asciiFirst = AsciiFirstNames[firstIndex];
        var asciiLast = AsciiLastNames[lastIndex];
        var sourceType = SourceTypes[random.Next(SourceTypes.Length)];
        var visits = random.Next(10) < 6 ? 0 : random.Next(1, 9);
        var downloads = random.Next(10) < 7 ? 0 : random.Next(1, 5);
        var pricing = random.Next(10) < 8 ? 0 : random.Next(1, 3);
        var demo = sourceType == SourceType.DemoRequester || random.Next(40) == 0;
        var hasLinkedIn = random.Next(10) < 8;
        var local = string.Create(CultureInfo.InvariantCulture, $"{asciiFirst}.{asciiLast}{index % 7}");
        return new Lead
        {
            Email = local + "@" + company.Company.Domain,
            FirstName = first,
            LastName = last,
            Title = Titles[random.Next(Titles.Length)],
            LinkedInUrl = hasLinkedIn ? string.Create(CultureInfo.InvariantCulture, $"https://www.linkedin.com/in/{asciiFirst}-{asciiLast}-{index:x}") : null,
            TimeZone = company.TimeZone,
            Company = company.Company,
            Intent = new IntentSignals { SiteVisits = visits, ContentDownloads = downloads, PricingPageVisits = pricing, DemoRequested = demo },
            Source = new LeadSource { Type = sourceType, Name = sourceName },
        };
    }

    private static string Ascii(string name)
    {
        Span<char> buffer = stackalloc char[name.Length];
        var length = 0;
        foreach (var c in name.Normalize(System.Text.NormalizationForm.FormD))
        {
            if (char.IsAsciiLetterOrDigit(c))
            {
                buffer[length++] = char.ToLowerInvariant(c);
            }
        }

        return new string(buffer[..length]);
    }

    private readonly record struct CompanyProfile(Company Company, string TimeZone);
}
