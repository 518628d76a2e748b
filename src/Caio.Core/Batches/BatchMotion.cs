using System.Text.Json.Serialization;
using Caio.Serialization;

namespace Caio.Batches;

/// <summary>
/// The motion a review item, a batch and a dispatch run belong to; written as <c>outbound</c>, <c>cadence</c> or
/// <c>revival</c> on every wire (JSON, the command line, stored records, the canonical form of the preview hash).
/// </summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<BatchMotion>))]
public enum BatchMotion
{
    /// <summary>First-touch outbound: <c>outbound</c>.</summary>
    Outbound,

    /// <summary>Follow-up steps of running sequences: <c>cadence</c>.</summary>
    Cadence,

    /// <summary>Re-engagement of dormant leads: <c>revival</c>.</summary>
    Revival,
}
