using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>A lead after enrichment, with the facts each provider contributed.</summary>
/// <param name="Lead">The (possibly completed) lead.</param>
/// <param name="Enriched">Whether any provider added facts.</param>
/// <param name="Provider">The provider that enriched the lead, when any.</param>
public sealed record EnrichedLead(Lead Lead, bool Enriched, string? Provider)
{
    /// <summary>
    /// The lead's facts with their source (input or the enriching provider), as the enrichment stage
    /// found them; <see langword="null"/> when the lead did not pass that stage (every fact is then input).
    /// </summary>
    public IReadOnlyList<LeadFact>? Facts { get; init; }
}

/// <summary>One category's contribution to an ICP score.</summary>
/// <param name="Category">Category name: <c>company_size</c>, <c>title</c>, <c>industry</c>, <c>tech_stack</c>, <c>intent</c>, <c>engagement</c>, <c>multiplier</c> or <c>disqualified</c>.</param>
/// <param name="Points">Points awarded (0 for the multiplier and disqualification).</param>
/// <param name="Detail">Why, in words an operator understands.</param>
public sealed record ScoreReason(string Category, int Points, string Detail);

/// <summary>The outcome of scoring a lead against the ideal customer profile.</summary>
public sealed record IcpScore
{
    /// <summary>Final score, 0–100, after multiplier, truncation and cap.</summary>
    public int Score { get; init; }

    /// <summary>The tier derived from <see cref="Score"/>.</summary>
    public Tier Tier { get; init; }

    /// <summary>Whether the score falls in the band flagged for a human look.</summary>
    public bool NeedsReview { get; init; }

    /// <summary>Whether a hard rule excludes the lead from contact, whatever its score.</summary>
    public bool Disqualified { get; init; }

    /// <summary>The multiplier applied to the sum of points.</summary>
    public double Multiplier { get; init; } = 1.0;

    /// <summary>Every category's points and why, plus the multiplier and any disqualification.</summary>
    public IReadOnlyList<ScoreReason> Reasons { get; init; } = [];
}

/// <summary>A scored lead.</summary>
/// <param name="Lead">The enriched lead.</param>
/// <param name="Score">Its ICP score.</param>
public sealed record ScoredLead(EnrichedLead Lead, IcpScore Score);

/// <summary>The channel a message goes out on.</summary>
[JsonConverter(typeof(Caio.Serialization.SnakeCaseEnumConverter<Channel>))]
public enum Channel
{
    /// <summary>Email.</summary>
    [JsonStringEnumMemberName("email")]
    Email,

    /// <summary>LinkedIn (connection request or message).</summary>
    [JsonStringEnumMemberName("linkedin")]
    LinkedIn,
}

/// <summary>One step of an outreach sequence.</summary>
/// <param name="Step">1-based position in the sequence.</param>
/// <param name="Day">Day on which the step is due, counted from day 1.</param>
/// <param name="Channel">Channel of the step.</param>
/// <param name="TemplateKey">Template that renders the step.</param>
public sealed record SequenceStep(int Step, int Day, Channel Channel, string TemplateKey);

/// <summary>A rendered message waiting for a human decision.</summary>
/// <param name="Lead">The scored lead the draft is for.</param>
/// <param name="Step">The sequence step.</param>
/// <param name="Subject">Subject line (empty for LinkedIn).</param>
/// <param name="Body">Rendered body; never contains unresolved placeholders.</param>
/// <param name="Crafter">Name of the crafter that wrote it.</param>
public sealed record MessageDraft(ScoredLead Lead, SequenceStep Step, string Subject, string Body, string Crafter)
{
    /// <summary>Whether the draft comes from a sandbox run: the review item it becomes is marked as sandbox work.</summary>
    public bool Sandbox { get; init; }
}
