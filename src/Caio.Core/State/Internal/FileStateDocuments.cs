using System.Text.Json.Serialization;

namespace Caio.State.Internal;

/// <summary>The on-disk form of a counter.</summary>
/// <param name="Key">Counter key.</param>
/// <param name="Value">Current value.</param>
/// <param name="ExpiresAt">Window expiry.</param>
internal sealed record CounterDocument(string Key, long Value, DateTimeOffset? ExpiresAt);

/// <summary>
/// The snapshot of a sorted index: member → score, as of the end of the journal generations before
/// <see cref="Generation"/> (the journal of generation <see cref="Generation"/> applies on top).
/// A document without <c>generation</c> (the earlier single-document format) reads as generation 0.
/// </summary>
/// <param name="Name">Index name.</param>
/// <param name="Generation">The journal generation that continues this snapshot.</param>
/// <param name="Members">Members and their scores.</param>
internal sealed record IndexDocument(string Name, long Generation, Dictionary<string, double> Members);

/// <summary>The on-disk form of a lease; <see cref="Token"/> is null once released.</summary>
/// <param name="Name">Lock name.</param>
/// <param name="Token">Owner token of the current holder, or null when released.</param>
/// <param name="FencingToken">The last fencing token granted (kept after release).</param>
/// <param name="ExpiresAt">When the current grant lapses.</param>
internal sealed record LeaseDocument(string Name, string? Token, long FencingToken, DateTimeOffset ExpiresAt);

/// <summary>Source-generated serialization of the file backend's documents.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CounterDocument))]
[JsonSerializable(typeof(IndexDocument))]
[JsonSerializable(typeof(LeaseDocument))]
internal sealed partial class FileStateJsonContext : JsonSerializerContext;
