using System.Text.Json.Serialization;
using Caio.Serialization;

namespace Caio.Operations;

/// <summary>How the system sends, as <c>status</c> reports it; written as <c>shadow</c> or <c>dry_run_by_default</c>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<OperatingMode>))]
public enum OperatingMode
{
    /// <summary>Live runs are allowed, but an operator run is a dry run unless it is asked for with <c>--live</c>.</summary>
    DryRunByDefault,

    /// <summary>Shadow mode (<c>Caio:Safety:ShadowMode</c>): nothing is sent, every run is evaluated only.</summary>
    Shadow,
}
