using System.Text.Json.Serialization;
using Caio.Serialization;

namespace Caio.Hosting;

/// <summary>How far the rollout has come (<c>Caio:RolloutPhase</c>, reported by <c>status</c>); written as <c>shadow</c>, <c>parallel</c>, <c>assisted</c> or <c>full</c>.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<RolloutPhase>))]
public enum RolloutPhase
{
    /// <summary>Drafts only: <c>shadow</c>.</summary>
    Shadow = 0,

    /// <summary>Caio runs beside the existing process: <c>parallel</c>.</summary>
    Parallel,

    /// <summary>Bounded auto-approvals: <c>assisted</c>.</summary>
    Assisted,

    /// <summary>Full autopilot: <c>full</c>.</summary>
    Full,
}
