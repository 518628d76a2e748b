using System.Diagnostics.CodeAnalysis;
using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>
/// The one tier type used everywhere: scoring, segment filters, reports, the review queue and the ramp.
/// Wire names are <c>tier_1</c> … <c>tier_4</c>.
/// </summary>
[JsonConverter(typeof(TierJsonConverter))]
public enum Tier
{
    /// <summary>Score ≥ 80: contact first, most personal treatment.</summary>
    Tier1 = 1,

    /// <summary>Score ≥ 60.</summary>
    Tier2 = 2,

    /// <summary>Score ≥ 40.</summary>
    Tier3 = 3,

    /// <summary>Score below 40: not contacted.</summary>
    Tier4 = 4,
}
