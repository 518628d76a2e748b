namespace Caio.State;

/// <summary>A held lease lock.</summary>
/// <param name="Name">Lock name.</param>
/// <param name="Token">Random owner token; release and renew compare it.</param>
/// <param name="FencingToken">Monotonic per lock name; protected writes refuse smaller tokens.</param>
/// <param name="ExpiresAt">When the lease lapses unless renewed.</param>
public sealed record Lease(string Name, string Token, long FencingToken, DateTimeOffset ExpiresAt);
