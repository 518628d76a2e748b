using Caio.Leads;

namespace Caio.Scoring;

/// <summary>Technology categories. Each technology counts once; the total is capped.</summary>
public sealed class TechStackOptions
{
    /// <summary>Most points the tech stack can add. Default 15.</summary>
    public int Cap { get; set; } = 15;

    /// <summary>
    /// Named categories. Defaults: <c>Crm</c> +8, <c>SalesTools</c> +5, <c>MarketingTools</c> +3.
    /// Technology names are compared whole, case-insensitively.
    /// </summary>
    public IDictionary<string, TechCategoryOptions> Categories { get; set; } = new Dictionary<string, TechCategoryOptions>(StringComparer.OrdinalIgnoreCase)
    {
        ["Crm"] = new(8, ["Salesforce", "HubSpot", "Pipedrive", "Zoho CRM", "Dynamics 365", "Microsoft Dynamics 365", "Freshsales"]),
        ["SalesTools"] = new(5, ["Gong", "Clari", "Chorus", "Outreach", "Salesloft", "Apollo", "ZoomInfo"]),
        ["MarketingTools"] = new(3, ["Marketo", "Pardot", "Eloqua", "Mailchimp", "Klaviyo", "Intercom"]),
    };
}
