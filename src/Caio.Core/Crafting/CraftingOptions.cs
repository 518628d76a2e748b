namespace Caio.Crafting;

/// <summary>Templates of the template crafter, bound from <c>Caio:Crafting</c>.</summary>
public sealed class CraftingOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Crafting";

    /// <summary>Name that signs the messages (merge field <c>{{senderName}}</c>).</summary>
    public string SenderName { get; set; } = "Alex";

    /// <summary>Sender's company (merge field <c>{{senderCompany}}</c>).</summary>
    public string SenderCompany { get; set; } = "Caio";

    /// <summary>
    /// Templates keyed by <c>&lt;tier&gt;:&lt;template key&gt;</c> (e.g. <c>tier_1:intro</c>) with a
    /// fallback <c>default:&lt;template key&gt;</c>. Merge fields are written <c>{{field}}</c> or
    /// <c>{{field|fallback}}</c>; see docs/crafting.md for the fields.
    /// </summary>
    public Dictionary<string, MessageTemplate> Templates { get; set; } = DefaultTemplates();

    /// <summary>The templates the SDK ships with.</summary>
    /// <returns>A fresh dictionary of defaults.</returns>
    public static Dictionary<string, MessageTemplate> DefaultTemplates() => new(StringComparer.OrdinalIgnoreCase)
    {
        ["tier_1:intro"] = new()
        {
            Subject = "{{firstName|Hi}}, a question about {{company}}",
            Body = "Hi {{firstName|there}},\n\nAs {{title|a leader}} at {{company}}, you are probably weighing how to grow pipeline in {{industry|your market}} without adding headcount. "
                + "Teams like yours use {{senderCompany}} to run outbound that is personal, reviewed and safe.\n\n"
                + "Would a 20-minute conversation next week be useful?\n\nBest,\n{{senderName}}",
        },
        ["tier_2:intro"] = new()
        {
            Subject = "Outbound at {{company}}",
            Body = "Hi {{firstName|there}},\n\n{{company}} looks like a strong fit for what {{senderCompany}} does: outbound that runs itself, with a human approving every message.\n\n"
                + "Open to a short call to see if it fits?\n\nBest,\n{{senderName}}",
        },
        ["default:intro"] = new()
        {
            Subject = "Quick idea for {{company}}",
            Body = "Hi {{firstName|there}},\n\nI work with {{industry|B2B}} teams on safe, reviewed outbound. Worth a quick chat?\n\nBest,\n{{senderName}}",
        },
        ["default:linkedin_connect"] = new()
        {
            Subject = string.Empty,
            Body = "Hi {{firstName|there}}, I work with teams like {{company}} on outbound. Happy to connect.",
        },
    };
}
