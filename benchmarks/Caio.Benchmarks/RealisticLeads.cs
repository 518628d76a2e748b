using Caio.Leads;

namespace Caio.Benchmarks;

/// <summary>
/// Seeded, varied leads for the realistic-input scoring benchmark: titles from C-level to individual
/// contributors (and empty), industry spellings decorated, in mixed case and off the ICP, 0–8 technologies.
/// </summary>
internal static class RealisticLeads
{
    /// <summary>Thirty-six titles across every seniority class, including empty.</summary>
    internal static readonly string[] Titles =
    [
        "CEO", "Founder & CEO", "Co-Founder", "Chief Executive Officer", "CTO", "CFO", "COO", "CMO",
        "Chief Revenue Officer", "Owner", "President", "VP Sales", "VP of Marketing", "Vice President, Engineering",
        "SVP Operations", "EVP, Global Sales", "Head of Growth", "Head of Sales", "Director of Sales",
        "Sales Director", "Director, Demand Generation", "Marketing Director", "Sr. Director of IT",
        "Sales Manager", "Marketing Manager", "Operations Manager", "Customer Success Manager",
        "Account Executive", "Senior Account Executive", "SDR", "Business Development Representative",
        "Software Engineer", "Product Designer", "Data Analyst", "Intern", "",
    ];

    private static readonly string[] IndustryBases =
    [
        "Software", "SaaS", "Computer Software", "Information Technology & Services", "IT Services",
        "Marketing & Advertising", "Marketing and Advertising", "Creative Agency", "Staffing & Recruiting",
        "Human Resources", "Management Consulting", "Legal Services", "Accounting", "Real Estate",
        "E-commerce", "Retail Technology", "Financial Services", "Insurance", "Fintech", "Banking",
        "Hospital & Health Care", "Healthcare", "Medical Devices", "Biotechnology", "Manufacturing",
        "Logistics & Supply Chain", "Construction", "Professional Services", "Field Services", "Cloud",
        "Internet", "Education Management", "Higher Education", "Non-profit Organization Management",
        "Government Administration", "Restaurants", "Food & Beverages", "Farming", "Mining & Metals",
        "Oil & Energy", "Utilities", "Religious Institutions", "Military", "Sports", "Entertainment",
        "Airlines/Aviation", "Hospitality", "Apparel & Fashion", "Wine and Spirits", "Fine Art",
    ];

    private static readonly string[] Technologies =
    [
        "HubSpot", "Salesforce", "Gong", "Outreach", "Salesloft", "Marketo", "Segment", "Snowflake",
        "Slack", "Zendesk", "Intercom", "Stripe", "Shopify", "AWS", "GCP", "Azure", "Pipedrive", "Apollo",
    ];

    /// <summary>At least 400 distinct industry spellings: every base in eight decorations.</summary>
    internal static string[] IndustrySpellings()
    {
        var spellings = new List<string>(IndustryBases.Length * 8);
        foreach (var b in IndustryBases)
        {
            spellings.Add(b);
            spellings.Add(b.ToUpperInvariant());
            spellings.Add(b.ToLowerInvariant());
            spellings.Add("  " + b + " ");
            spellings.Add(b + " (B2B)");
            spellings.Add("Global " + b);
            spellings.Add("Industry: " + b);
            spellings.Add(b + ", Inc. sector");
        }

        return [.. spellings.Distinct(StringComparer.Ordinal)];
    }

    /// <summary>Creates <paramref name="count"/> leads from a fixed seed.</summary>
    internal static Lead[] Create(int count, int seed = 11)
    {
        var random = new Random(seed);
        var industries = IndustrySpellings();
        var leads = new Lead[count];
        for (var i = 0; i < count; i++)
        {
            var technologies = new string[random.Next(0, 9)];
            for (var t = 0; t < technologies.Length; t++)
            {
                technologies[t] = Technologies[random.Next(Technologies.Length)];
            }

            var domain = $"company{i / 5}.example";
            leads[i] = new Lead
            {
                Email = $"person{i}@{domain}",
                FirstName = "Dana",
                LastName = "Lee",
                Title = Titles[random.Next(Titles.Length)],
                Company = new Company
                {
                    Name = $"Company {i / 5}",
                    Domain = domain,
                    Employees = random.Next(100) < 10 ? null : random.Next(1, 5_000),
                    Industry = random.Next(100) < 5 ? null : industries[random.Next(industries.Length)],
                    TechStack = technologies,
                },
                Intent = new IntentSignals { SiteVisits = random.Next(0, 5), PricingPageVisits = random.Next(0, 2) },
                Source = new LeadSource { Type = (SourceType)random.Next(0, 4), Name = "Import" },
            };
        }

        return leads;
    }
}
