using System.ComponentModel.DataAnnotations;

namespace Caio.Hosting;

/// <summary>Root options of the SDK, bound from the <c>Caio</c> configuration section.</summary>
public sealed class CaioOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio";

    /// <summary>
    /// State backend: <c>file</c> (default), <c>memory</c> or <c>redis</c> (with the Caio.State.Redis package).
    /// Environment: <c>STATE_BACKEND</c>. The builder's <c>UseFileState</c>, <c>UseInMemoryState</c> and
    /// <c>AddRedisState</c> set it; hosts map <c>STATE_BACKEND</c> onto those registrations.
    /// </summary>
    [Required]
    [RegularExpression("^(?i)(file|memory|redis)$", ErrorMessage = "Caio:StateBackend (STATE_BACKEND) must be 'file', 'memory' or 'redis'.")]
    public string StateBackend { get; set; } = "file";

    /// <summary>
    /// Rollout phase reported by <c>status</c>: <c>shadow</c> (drafts only), <c>parallel</c>, <c>assisted</c>
    /// (bounded auto-approvals) or <c>full</c>. Default <c>shadow</c>.
    /// </summary>
    [RegularExpression("^(shadow|parallel|assisted|full)$", ErrorMessage = "Caio:RolloutPhase must be shadow, parallel, assisted or full.")]
    public string RolloutPhase { get; set; } = "shadow";

    /// <summary>Directory of the file backend. Default <c>./.caio</c>.</summary>
    [Required]
    public string StateDirectory { get; set; } = ".caio";
}
