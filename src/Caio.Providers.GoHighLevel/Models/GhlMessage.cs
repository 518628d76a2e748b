namespace Caio.Providers.GoHighLevel;

/// <summary>A message of a conversation thread, as far as the answer carried it.</summary>
/// <param name="Id">Message id.</param>
/// <param name="Direction"><c>inbound</c> or <c>outbound</c>.</param>
/// <param name="Status">Delivery status (<c>delivered</c>, <c>failed</c>, <c>pending</c>, <c>read</c> …).</param>
/// <param name="Subject">Email subject.</param>
/// <param name="Body">Body text or HTML.</param>
public sealed record GhlMessage(string Id, string? Direction, string? Status, string? Subject, string? Body);
