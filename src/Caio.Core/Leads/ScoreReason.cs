using System.Text.Json.Serialization;

namespace Caio.Leads;

/// <summary>One category's contribution to an ICP score.</summary>
/// <param name="Category">Category name: <c>company_size</c>, <c>title</c>, <c>industry</c>, <c>tech_stack</c>, <c>intent</c>, <c>engagement</c>, <c>multiplier</c> or <c>disqualified</c>.</param>
/// <param name="Points">Points awarded (0 for the multiplier and disqualification).</param>
/// <param name="Detail">Why, in words an operator understands.</param>
public sealed record ScoreReason(string Category, int Points, string Detail);
