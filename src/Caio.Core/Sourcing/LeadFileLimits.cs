using System.Globalization;
using Caio.Internal;
using Caio.Leads;

namespace Caio.Sourcing;

/// <summary>
/// Size limits of lead files (docs/lead-format.md). A field over its limit skips that lead with the
/// reason; a record over <see cref="MaxRecordBytes"/> refuses the file, and the reader never buffers
/// more than that for one record, so no input can exhaust memory.
/// </summary>
public static class LeadFileLimits
{
    /// <summary>Largest record: a JSON array element in UTF-8 bytes, a CSV record in characters (64 KiB).</summary>
    public const int MaxRecordBytes = 64 * 1024;

    /// <summary>Longest text field (names, title, company, URL, time zone, source name), in characters.</summary>
    public const int MaxFieldLength = 1_000;

    /// <summary>Longest email address, in characters (RFC 5321 allows 254).</summary>
    public const int MaxEmailLength = 320;

    /// <summary>Most <c>company.techStack</c> entries.</summary>
    public const int MaxTechStackEntries = 100;

    /// <summary>Why a lead breaks a field limit, or <see langword="null"/> when it does not.</summary>
    internal static string? Check(Lead lead)
    {
        if (lead.Email is { Length: > MaxEmailLength })
        {
            return Too("email", MaxEmailLength);
        }

        var company = lead.Company;
        (string Name, string? Value)[] fields =
        [
            ("firstName", lead.FirstName), ("lastName", lead.LastName), ("title", lead.Title), ("linkedInUrl", lead.LinkedInUrl),
            ("timeZone", lead.TimeZone), ("company.name", company?.Name), ("company.domain", company?.Domain),
            ("company.industry", company?.Industry), ("source.name", lead.Source?.Name),
        ];
        foreach (var (name, value) in fields)
        {
            if (value is { Length: > MaxFieldLength })
            {
                return Too(name, MaxFieldLength);
            }
        }

        if (company?.TechStack is { } tech)
        {
            if (tech.Count > MaxTechStackEntries)
            {
                return string.Create(CultureInfo.InvariantCulture, $"field 'company.techStack' has more than {MaxTechStackEntries} entries");
            }

            if (tech.Any(t => t is { Length: > MaxFieldLength }))
            {
                return Too("company.techStack", MaxFieldLength);
            }
        }

        return null;
    }

    /// <summary>Identifies a lead in messages: <c>lead #3 (line 7, j***@acme.example)</c>.</summary>
    internal static string Describe(int number, string where, string? email) =>
        string.Create(CultureInfo.InvariantCulture, $"lead #{number} ({where}{(string.IsNullOrWhiteSpace(email) ? string.Empty : ", " + Redact.Email(email))})");

    private static string Too(string field, int limit) =>
        string.Create(CultureInfo.InvariantCulture, $"field '{field}' is longer than {limit:N0} characters");
}

/// <summary>One record of a lead file: a lead, or why it is skipped.</summary>
/// <param name="Lead">The lead, when usable.</param>
/// <param name="Error">Why the lead is skipped (a reason without personal data), when it is.</param>
/// <param name="Subject">Which lead: number, position and redacted address.</param>
internal readonly record struct LeadFileRecord(Lead? Lead, string? Error, string Subject);
