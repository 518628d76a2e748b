using System.Globalization;
using Caio.Batches;
using Caio.Leads;
using Caio.Operations;
using Caio.Review;
using Caio.Safety;
using Caio.Scoring;

namespace Caio.Worker.Commands;

/// <summary>Everything a reviewer needs about one draft, in plain text (<c>queue show</c>).</summary>
internal static class ReviewItemView
{
    public static async Task WriteAsync(TextWriter output, ReviewItem item, DateTimeOffset now, string timeZone, TierOptions tiers, TimeSpan draftTimeToLive)
    {
        await output.WriteLineAsync($"{item.Id}  {item.Status.ToWireName()}  {item.Motion.ToWireName()}{(item.Sandbox ? "  (sandbox work)" : string.Empty)}");
        var name = string.IsNullOrWhiteSpace(item.RecipientName) ? item.RecipientEmail : $"{item.RecipientName} <{item.RecipientEmail}>";
        await output.WriteLineAsync($"  to:        {name}");
        var who = string.Join(", ", new[]
        {
            string.Join(" at ", new[] { item.Title, item.Company }.Where(s => !string.IsNullOrWhiteSpace(s))),
            item.CompanyDomain,
            item.TimeZone,
        }.Where(s => !string.IsNullOrWhiteSpace(s)));
        if (who.Length > 0)
        {
            await output.WriteLineAsync($"             {who}");
        }

        await output.WriteLineAsync(Invariant($"  channel:   {Wire(item.Channel)}, step {item.Step} (day {item.Day}){(item.Crafter is null ? string.Empty : ", written by " + item.Crafter)}"));
        await output.WriteLineAsync(Invariant($"  score:     {item.Score}, {item.Tier.ToWireName()}{(item.NeedsReview ? ", needs_review" : string.Empty)}"));
        if (item.NeedsReview)
        {
            await output.WriteLineAsync("  why needs_review: " + NeedsReviewExplanation.For(item.Score, tiers));
        }

        foreach (var reason in item.Reasons)
        {
            await output.WriteLineAsync(Invariant($"    {reason.Category,-13} {reason.Points,4}  {reason.Detail}"));
        }

        await output.WriteLineAsync(item.Facts.Count == 0
            ? "  facts:     none recorded"
            : $"  facts ({(item.Enriched ? "enriched" : "not enriched")}):");
        foreach (var fact in item.Facts)
        {
            await output.WriteLineAsync($"    {fact.Name,-18} {fact.Value,-40} {fact.Source}");
        }

        await output.WriteLineAsync($"  queued:    {HumanTime.Format(item.CreatedAt, now, timeZone)}{(item.RunId is null ? string.Empty : "; run " + item.RunId)}");
        if (item.Status == ReviewStatus.Pending)
        {
            var expires = item.CreatedAt + draftTimeToLive;
            await output.WriteLineAsync($"  {(expires <= now ? "expired:  " : "expires:  ")} {HumanTime.Format(expires, now, timeZone)} unless decided");
        }

        if (item.DecidedBy is not null)
        {
            var verdict = item.RejectionTag is null ? "decided" : $"rejected ({item.RejectionTag}: {item.RejectionReason})";
            await output.WriteLineAsync($"  {verdict} by {item.DecidedBy}{(item.DecidedAt is { } at ? ", " + HumanTime.Format(at, now, timeZone) : string.Empty)}");
        }

        if (item.Feedback is not null)
        {
            await output.WriteLineAsync($"  feedback:  {item.Feedback}");
        }

        if (item.StatusReason is not null)
        {
            await output.WriteLineAsync($"  status reason: {item.StatusReason}{Explain(item.StatusReason)}");
        }

        var edited = item.ApprovedSubject is not null && (item.ApprovedSubject != item.Subject || item.ApprovedBody != item.Body);
        await output.WriteLineAsync();
        await output.WriteLineAsync($"  subject: {item.ApprovedSubject ?? item.Subject}{(edited ? "   (edited at approval; drafted: " + item.Subject + ")" : string.Empty)}");
        await output.WriteLineAsync();
        foreach (var line in (item.ApprovedBody ?? item.Body).Split('\n'))
        {
            await output.WriteLineAsync("  | " + line.TrimEnd('\r'));
        }
    }

    /// <summary>A reason code's explanation, as a suffix: <c> — The address hard-bounced …</c>.</summary>
    public static string Explain(string? reasonCode) =>
        ReasonCodeExplanations.Explain(reasonCode) is { } text ? " — " + text : string.Empty;

    public static string Wire(Channel channel) => ChannelNames.Of(channel);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
