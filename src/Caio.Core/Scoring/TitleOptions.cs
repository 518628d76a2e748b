using Caio.Leads;

namespace Caio.Scoring;

/// <summary>
/// Title seniority classes. A title is split into words; phrases are matched on whole words,
/// case-insensitively, and a longer phrase wins over the words it contains. The most senior class
/// matched anywhere in the title counts.
/// </summary>
public sealed class TitleOptions
{
    /// <summary>C-level and founders. Default 25 points.</summary>
    public TitleClassOptions CLevel { get; set; } = new(25,
    [
        "ceo", "chief executive officer", "chief executive", "founder", "co-founder", "cofounder",
        "president", "coo", "chief operating officer", "owner", "managing partner",
    ]);

    /// <summary>
    /// VP and strategic roles. Default 22 points. <c>*</c> in a phrase stands for one or more words
    /// of the same role, so <c>chief * officer</c> matches any other chief officer.
    /// </summary>
    public TitleClassOptions VpStrategic { get; set; } = new(22,
    [
        "cto", "chief technology officer", "chief technical officer", "cio", "chief information officer",
        "cso", "cfo", "chief financial officer", "cmo", "chief marketing officer", "cro", "chief revenue officer",
        "cpo", "cdo", "ciso", "cco", "chro", "caio", "chief * officer", "chief of staff",
        "vp", "vice president", "svp", "senior vice president", "evp", "executive vice president",
        "managing director", "head of innovation", "head of transformation", "head of digital",
    ]);

    /// <summary>Directors and heads of a function. Default 15 points.</summary>
    public TitleClassOptions Director { get; set; } = new(15,
    [
        "director", "senior director", "head of ai", "head of artificial intelligence", "head of data", "head of",
    ]);

    /// <summary>Managers, leads and principals. Default 8 points.</summary>
    public TitleClassOptions Manager { get; set; } = new(8,
    [
        "manager", "senior manager", "lead", "principal",
        "assistant manager", "assistant director", "assistant vice president", "avp",
    ]);

    /// <summary>
    /// Phrases that name no seniority although they contain a class word; they consume their words
    /// so those words do not count ("product owner" is not an owner, "to the ceo" is not a CEO).
    /// </summary>
    public IList<string> IgnoredPhrases { get; set; } =
    [
        "product owner", "account owner", "process owner", "service owner", "platform owner", "data owner",
        "system owner", "risk owner", "control owner", "content owner", "budget owner", "application owner",
        "lead generation", "lead gen",
        "office of the ceo", "office of the founder", "office of the president", "office of the coo",
        "to the ceo", "to ceo", "to the founder", "to the founders", "to the president", "to the coo", "to the owner",
        "founder's associate", "founder's office",
    ];

    /// <summary>
    /// Words and phrases of support roles. A title that contains one scores no title points, whatever
    /// else it names ("Executive Assistant to the CEO", "CEO's Assistant", "Intern").
    /// </summary>
    public IList<string> SupportRolePhrases { get; set; } = ["assistant", "intern", "internship", "trainee"];
}
