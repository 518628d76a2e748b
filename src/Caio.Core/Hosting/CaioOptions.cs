using System.ComponentModel.DataAnnotations;

namespace Caio.Hosting;

/// <summary>Root options of the SDK, bound from the <c>Caio</c> configuration section.</summary>
public sealed class CaioOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio";

    /// <summary>
    /// Rollout phase reported by <c>status</c>: <c>shadow</c> (drafts only), <c>parallel</c>, <c>assisted</c>
    /// (bounded auto-approvals) or <c>full</c>. Default <c>shadow</c>.
    /// </summary>
    [EnumDataType(typeof(RolloutPhase), ErrorMessage = "Caio:RolloutPhase must be shadow, parallel, assisted or full.")]
    public RolloutPhase RolloutPhase { get; set; } = RolloutPhase.Shadow;

    /// <summary>Directory of the file backend. Default <c>./.caio</c>.</summary>
    [Required]
    public string StateDirectory { get; set; } = ".caio";
}
