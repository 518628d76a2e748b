using System.ComponentModel.DataAnnotations;

namespace Caio.Hosting;

/// <summary>Root options of the SDK, bound from the <c>Caio</c> configuration section.</summary>
public sealed class CaioOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio";

    /// <summary>State backend: <c>file</c> (default) or <c>memory</c>. Environment: <c>STATE_BACKEND</c>.</summary>
    [Required]
    [RegularExpression("^(?i)(file|memory)$", ErrorMessage = "Caio:StateBackend must be 'file' or 'memory'.")]
    public string StateBackend { get; set; } = "file";

    /// <summary>Directory of the file backend. Default <c>./.caio</c>.</summary>
    [Required]
    public string StateDirectory { get; set; } = ".caio";
}
