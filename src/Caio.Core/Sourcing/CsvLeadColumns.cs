using System.Collections.Frozen;

namespace Caio.Sourcing;

/// <summary>
/// Maps CSV header names to lead fields: the lead file's own names and the headers of common CRM and
/// prospecting exports (<c>Email Address</c>, <c>Job Title</c>, <c>Company Name</c>, <c>Number of Employees</c>,
/// <c>LinkedIn URL</c> …), compared without letter case, spaces or punctuation.
/// </summary>
internal static class CsvLeadColumns
{
    private static readonly FrozenDictionary<string, string> FieldsByAlias = Build(new Dictionary<string, string[]>
    {
        ["email"] = ["email", "emailaddress", "workemail", "businessemail", "primaryemail"],
        ["firstName"] = ["firstname", "first", "givenname", "forename"],
        ["lastName"] = ["lastname", "last", "surname", "familyname"],
        ["title"] = ["title", "jobtitle", "position", "jobposition", "role"],
        ["linkedInUrl"] = ["linkedinurl", "linkedin", "linkedinprofile", "linkedinprofileurl", "personlinkedinurl"],
        ["timeZone"] = ["timezone", "tz"],
        ["companyName"] = ["companyname", "company", "organization", "organisation", "organizationname", "accountname", "account", "employer"],
        ["companyDomain"] = ["companydomain", "domain", "website", "companywebsite", "websiteurl", "companyurl"],
        ["employees"] = ["employees", "companyemployees", "numberofemployees", "noofemployees", "employeecount", "employeescount", "companysize", "headcount", "estimatednumofemployees"],
        ["industry"] = ["industry", "companyindustry", "sector"],
        ["techStack"] = ["techstack", "technologies", "technology", "tech"],
        ["siteVisits"] = ["sitevisits", "websitevisits", "pageviews"],
        ["contentDownloads"] = ["contentdownloads", "downloads"],
        ["pricingPageVisits"] = ["pricingpagevisits", "pricingvisits"],
        ["demoRequested"] = ["demorequested", "requesteddemo", "demo"],
        ["sourceType"] = ["sourcetype", "leadsourcetype"],
        ["sourceName"] = ["sourcename", "leadsource", "source"],
    });

    /// <summary>The lead field a header names, or <see langword="null"/>.</summary>
    public static string? FieldFor(string header) => FieldsByAlias.GetValueOrDefault(Normalize(header));

    /// <summary>Maps a header row: lead field → column index (the first column naming a field wins), and the columns ignored.</summary>
    public static (Dictionary<string, (int Index, string Written)> Columns, List<string> Ignored) Map(IReadOnlyList<string> header)
    {
        var columns = new Dictionary<string, (int, string)>(StringComparer.Ordinal);
        var ignored = new List<string>();
        for (var i = 0; i < header.Count; i++)
        {
            var written = header[i].Trim().TrimStart('\uFEFF');
            if (written.Length == 0)
            {
                continue;
            }

            if (FieldFor(written) is { } field && columns.TryAdd(field, (i, written)))
            {
                continue;
            }

            ignored.Add(written);
        }

        return (columns, ignored);
    }

    /// <summary>Lower case with everything but letters and digits removed: <c>Email Address</c> → <c>emailaddress</c>.</summary>
    public static string Normalize(string header) =>
        string.Concat(header.Where(char.IsLetterOrDigit)).ToLowerInvariant();

    private static FrozenDictionary<string, string> Build(Dictionary<string, string[]> aliases)
    {
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var (field, names) in aliases)
        {
            foreach (var name in names)
            {
                map.Add(Normalize(name), field);
            }
        }

        return map.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
