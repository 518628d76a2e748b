using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Caio.Leads;
using Caio.Operations;
using Caio.Review;
using Caio.Scoring;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>queue list|show|approve|reject|expire</c>: human decisions on drafts.</summary>
internal static class QueueCommand
{
    private static readonly string[] Sorts = ["score", "age"];

    public static Command Create(CliContext cli)
    {
        var command = new Command("queue", "Review queue: list drafts, read one, approve or reject it.");
        command.Subcommands.Add(List(cli));
        command.Subcommands.Add(Show(cli));
        command.Subcommands.Add(Approve(cli));
        command.Subcommands.Add(Reject(cli));
        command.Subcommands.Add(Expire(cli));
        return command;
    }

    private static Command List(CliContext cli)
    {
        var status = new Option<string>("--status") { Description = "Status to list (pending, approved, sent, maybe_sent, send_failed, blocked, rejected, expired).", DefaultValueFactory = _ => "pending" };
        var tier = new Option<string?>("--tier") { Description = "Only this tier (tier_1..tier_4)." };
        var needsReview = new Option<bool>("--needs-review") { Description = "Only drafts flagged needs_review." };
        var sort = new Option<string>("--sort") { Description = "score (highest first, the default) or age (longest waiting first).", DefaultValueFactory = _ => "score" };
        var limit = new Option<int?>("--limit") { Description = "Page size (default 50 in text, all with --json)." };
        var offset = new Option<int>("--offset") { Description = "Skip this many matching items (the next page starts at the previous offset + limit)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List review items, filtered, sorted by score or age, a page at a time.") { status, tier, needsReview, sort, limit, offset, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var asJson = parse.GetValue(json);
            var query = new ReviewListQuery
            {
                Status = ParseStatus(parse.GetValue(status)!),
                Tier = parse.GetValue(tier) is { } text ? ParseTier("--tier", text) : null,
                NeedsReview = parse.GetValue(needsReview) ? true : null,
                Sort = CliValues.OneOf("--sort", parse.GetValue(sort)!, Sorts) == "age" ? ReviewListSort.Age : ReviewListSort.Score,
                Offset = CliValues.NotNegative("--offset", parse.GetValue(offset)),
                Limit = parse.GetValue(limit) is { } size ? CliValues.NotNegative("--limit", size) : asJson ? null : 50,
            };
            using var host = parse.BuildStateHost();
            var page = await host.Services.GetRequiredService<IReviewQueue>().QueryAsync(query, cancellationToken);
            if (asJson)
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize([.. page.Items], CaioJsonContext.Default.ListReviewItem));
                return CaioCli.Ok;
            }

            var now = host.Now();
            var first = page.Items.Count == 0 ? 0 : page.Offset + 1;
            await cli.Out.WriteLineAsync(Invariant($"{page.Total} {query.Status.ToWireName()} item(s){Filters(query)}; showing {first}–{page.Offset + page.Items.Count}, sorted by {(query.Sort == ReviewListSort.Age ? "age (oldest first)" : "score (highest first)")}"));
            if (page.Items.Count > 0)
            {
                await cli.Out.WriteLineAsync($"{"id",-31}  {"tier",-6} {"score",5} {"flag",-13} {"waiting",-12} recipient  subject");
            }

            foreach (var item in page.Items)
            {
                var reason = item.StatusReason is null ? string.Empty : "  (" + item.StatusReason + ")";
                await cli.Out.WriteLineAsync(Invariant($"{item.Id}  {item.Tier.ToWireName(),-6} {item.Score,5} {(item.NeedsReview ? "needs_review" : string.Empty),-13} {HumanTime.Duration(now - item.CreatedAt),-12} {item.RecipientEmail}  \"{item.ApprovedSubject ?? item.Subject}\"{reason}"));
            }

            if (page.HasMore)
            {
                await cli.Out.WriteLineAsync(Invariant($"more: add --offset {page.Offset + page.Items.Count} for the next page"));
            }

            return CaioCli.Ok;
        });
        return command;
    }

    private static Command Show(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Review item id (or a unique prefix of it)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("show", "Show one review item: recipient, channel, step, score with every reason, facts, subject and body.") { id, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildStateHost();
            var itemId = await CliIds.ItemAsync(host, parse.GetValue(id)!, cancellationToken);
            ReviewItem? item;
            try
            {
                item = await host.Services.GetRequiredService<IReviewQueue>().GetAsync(itemId, cancellationToken);
            }
            catch (Caio.State.UnreadableRecordException ex)
            {
                return await cli.ReportAsync(ReviewRefusals.Unreadable, ex.Message + "; it is left in place for repair", string.Empty);
            }

            if (item is null)
            {
                return await cli.ReportAsync(ReviewRefusals.NotFound, $"no review item '{itemId}'", string.Empty);
            }

            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(item, CaioJsonContext.Default.ReviewItem));
            }
            else
            {
                await ReviewItemView.WriteAsync(cli.Out, item, host.Now(), host.Zone(), host.Options<IcpOptions>().Tiers, host.Options<ReviewOptions>().DraftTimeToLive);
            }

            return CaioCli.Ok;
        });
        return command;
    }

    private static Command Expire(CliContext cli)
    {
        var command = new Command("expire", "Hygiene: expire pending drafts older than the draft time to live (audited). Listing never expires anything.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildStateHost();
            var expired = await host.Services.GetRequiredService<IReviewQueue>().ExpireStaleAsync(cancellationToken);
            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{expired} draft(s) expired"));
            return CaioCli.Ok;
        });
        return command;
    }

    private static Command Approve(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Review item id (or a unique prefix of it)." };
        var subject = new Option<string?>("--subject") { Description = "Edited subject." };
        var bodyFile = new Option<string?>("--body-file") { Description = "File with the edited body." };
        var feedback = new Option<string?>("--feedback") { Description = "Free-text feedback." };
        var command = new Command("approve", "Approve a draft, optionally edited; warns when the item cannot go out now.") { id, subject, bodyFile, feedback, CliContext.By };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? body = null;
            if (parse.GetValue(bodyFile) is { } path)
            {
                body = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : throw new UsageException($"--body-file: file '{path}' does not exist.");
            }

            var actor = parse.Actor();
            using var host = parse.BuildStateHost();
            var queue = host.Services.GetRequiredService<IReviewQueue>();
            var itemId = await CliIds.ItemAsync(host, parse.GetValue(id)!, cancellationToken);
            var result = await queue.ApproveAsync(itemId, new ApproveRequest(parse.GetValue(subject), body, parse.GetValue(feedback)), actor, cancellationToken);
            var outcome = await cli.ReportAsync(result.Refusal, $"{result.Item?.Id} approved by {result.Item?.DecidedBy}");
            if (result.Item is { } approved && result.Succeeded)
            {
                foreach (var warning in await host.Services.GetRequiredService<ApprovalCheck>().CheckAsync(approved, cancellationToken))
                {
                    await cli.Error.WriteLineAsync($"warning: approved, but it cannot go out now: {warning}{(warning.Explanation is { } text ? " — " + text : string.Empty)}");
                }
            }

            return outcome;
        });
        return command;
    }

    private static Command Reject(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Review item id (or a unique prefix of it)." };
        var reason = new Option<string>("--reason") { Description = "Why the draft is rejected.", Required = true };
        var tag = new Option<string>("--tag") { Description = "One of: " + string.Join(", ", RejectionTags.All.Order(StringComparer.Ordinal)) + ".", Required = true };
        var command = new Command("reject", "Reject a draft with a reason and a tag.") { id, reason, tag, CliContext.By };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tagValue = CliValues.OneOf("--tag", parse.GetValue(tag)!, RejectionTags.All.Order(StringComparer.Ordinal));
            if (string.IsNullOrWhiteSpace(parse.GetValue(reason)))
            {
                throw new UsageException("--reason must not be empty.");
            }

            var actor = parse.Actor();
            using var host = parse.BuildStateHost();
            var queue = host.Services.GetRequiredService<IReviewQueue>();
            var itemId = await CliIds.ItemAsync(host, parse.GetValue(id)!, cancellationToken);
            var result = await queue.RejectAsync(itemId, parse.GetValue(reason)!, tagValue, actor, cancellationToken);
            return await cli.ReportAsync(result.Refusal, $"{result.Item?.Id} rejected by {result.Item?.DecidedBy}");
        });
        return command;
    }

    internal static Tier ParseTier(string option, string text) =>
        TierNames.TryParse(text, out var parsed)
            ? parsed
            : throw new UsageException($"{option}: unknown tier '{text}'. Expected one of: tier_1, tier_2, tier_3, tier_4.");

    private static string Filters(ReviewListQuery query) =>
        (query.Tier is { } t ? ", " + t.ToWireName() : string.Empty) + (query.NeedsReview == true ? ", needs_review" : string.Empty);

    private static ReviewStatus ParseStatus(string text)
    {
        foreach (var status in Enum.GetValues<ReviewStatus>())
        {
            if (status.ToWireName() == text)
            {
                return status;
            }
        }

        throw new UsageException($"--status: unknown status '{text}'. Expected one of: {string.Join(", ", Enum.GetValues<ReviewStatus>().Select(s => s.ToWireName()))}.");
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
