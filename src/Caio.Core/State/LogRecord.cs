namespace Caio.State;

/// <summary>One record of an append-only log.</summary>
/// <param name="Position">0-based position.</param>
/// <param name="Value">UTF-8 JSON document.</param>
public sealed record LogRecord(long Position, ReadOnlyMemory<byte> Value);
