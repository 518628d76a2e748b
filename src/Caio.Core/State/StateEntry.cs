namespace Caio.State;

/// <summary>A stored record and its version.</summary>
/// <param name="Key">The key.</param>
/// <param name="Value">UTF-8 JSON value.</param>
/// <param name="Version">Version, starting at 1.</param>
/// <param name="ExpiresAt">Expiry, when set.</param>
public sealed record StateEntry(string Key, ReadOnlyMemory<byte> Value, long Version, DateTimeOffset? ExpiresAt);
