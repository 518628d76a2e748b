using Caio.Leads;

namespace Caio.Batches;

/// <summary>One send in a dispatch batch's frozen scope.</summary>
/// <param name="ActionId">Identifier of the action, unique within the batch.</param>
/// <param name="Email">Recipient address; canonicalized (see <see cref="Dedup.EmailCanonicalizer"/>) before hashing.</param>
/// <param name="Channel">Channel of the send (wire names <c>email</c>, <c>linkedin</c>).</param>
/// <param name="Step">1-based sequence step.</param>
/// <param name="Day">Day the step is due, counted from day 1.</param>
public sealed record BatchAction(string ActionId, string Email, Channel Channel, int Step, int Day);
