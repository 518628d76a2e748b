using System.ComponentModel.DataAnnotations;
using Caio.Safety;

namespace Caio.Review;

/// <summary>The fixed set of rejection tags.</summary>
public static class RejectionTags
{
    /// <summary>Every accepted tag.</summary>
    public static IReadOnlySet<string> All { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        "personalization_mismatch", "icp_mismatch", "campaign_mismatch", "tone_style_issue", "factual_inaccuracy",
        "weak_subject", "weak_cta", "length_issue", "compliance_issue", "placeholder_or_rendering_issue",
        "queue_hygiene_non_actionable", "other",
    };
}
