using Caio.Leads;

namespace Caio.Safety;

/// <summary>The gatekeeper facts about a dispatch batch, established by the dispatcher.</summary>
/// <param name="BatchId">The batch id.</param>
/// <param name="Approved">Whether the batch is approved (and not rejected or executed).</param>
/// <param name="ExpiresAt">When the batch's approval lapses.</param>
/// <param name="HashVerified">Whether the recomputed preview hash equals the approved one.</param>
/// <param name="InScope">Whether the action is part of the batch's frozen scope.</param>
public sealed record BatchAuthorization(string BatchId, bool Approved, DateTimeOffset ExpiresAt, bool HashVerified, bool InScope);
