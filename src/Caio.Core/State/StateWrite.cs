using Caio.State.Internal;

namespace Caio.State;

/// <summary>One write of a <see cref="StateTransaction"/>.</summary>
/// <param name="Kind">What the write does.</param>
/// <param name="Key">The record key, or the index name for index writes.</param>
/// <param name="Member">The index member (index writes only).</param>
/// <param name="Value">The record value (puts only).</param>
/// <param name="ExpiresAt">The record expiry (puts only).</param>
/// <param name="Score">The member's score (index adds only).</param>
public sealed record StateWrite(StateWriteKind Kind, string Key, string? Member, ReadOnlyMemory<byte> Value, DateTimeOffset? ExpiresAt, double Score);
