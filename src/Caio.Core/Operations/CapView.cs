using System.Text.Json.Serialization;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Hosting;
using Caio.Review;
using Caio.Safety;
using Microsoft.Extensions.Options;

namespace Caio.Operations;

/// <summary>One cap window's usage.</summary>
/// <param name="Channel">Channel.</param>
/// <param name="Window">Window name.</param>
/// <param name="Scope">Domain or mailbox for scoped windows.</param>
/// <param name="Used">Used.</param>
/// <param name="Limit">Limit (null: no cap).</param>
/// <param name="WindowEnd">When the window ends.</param>
public sealed record CapView(
    [property: JsonPropertyName("channel")] string Channel,
    [property: JsonPropertyName("window")] string Window,
    [property: JsonPropertyName("scope")] string? Scope,
    [property: JsonPropertyName("used")] long Used,
    [property: JsonPropertyName("limit")] int? Limit,
    [property: JsonPropertyName("windowEnd")] DateTimeOffset WindowEnd);
