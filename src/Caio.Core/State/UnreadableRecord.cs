using System.Collections.Concurrent;

namespace Caio.State;

/// <summary>A quarantined record.</summary>
/// <param name="Key">The record's state key.</param>
/// <param name="Error">Why it could not be read.</param>
public sealed record UnreadableRecord(string Key, string Error);
