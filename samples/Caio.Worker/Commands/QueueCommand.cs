using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Caio.Leads;
using Caio.Operations;
using Caio.Review;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>queue list|show|approve|reject|expire</c>: human decisions on drafts.</summary>
internal static class QueueCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("queue", "Review queue: list drafts, approve or reject them.");
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
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List review items.") { status, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var wanted = ParseStatus(parse.GetValue(status)!);
            using var host = parse.BuildHost();
            var queue = host.Services.GetRequiredService<IReviewQueue>();
            var items = await queue.ListAsync(wanted, cancellationToken: cancellationToken);
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize([.. items], CaioJsonContext.Default.ListReviewItem));
                return CaioCli.Ok;
            }

            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{items.Count} {wanted.ToWireName()} item(s)"));
            foreach (var item in items)
            {
                await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{item.Id}  {item.Tier.ToWireName()} {item.Score,3}{(item.NeedsReview ? " needs_review" : string.Empty)}  {item.RecipientEmail}  \"{item.ApprovedSubject ?? item.Subject}\"{(item.StatusReason is null ? string.Empty : "  (" + item.StatusReason + ")")}"));
            }

            return CaioCli.Ok;
        });
        return command;
    }

    private static Command Show(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Review item id." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("show", "Show one review item.") { id, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            ReviewItem? item;
            try
            {
                item = await host.Services.GetRequiredService<IReviewQueue>().GetAsync(parse.GetValue(id)!, cancellationToken);
            }
            catch (Caio.State.UnreadableRecordException ex)
            {
                return await cli.ReportAsync(ReviewRefusals.Unreadable, ex.Message + "; it is left in place for repair", string.Empty);
            }

            if (item is null)
            {
                return await cli.ReportAsync(ReviewRefusals.NotFound, $"no review item '{parse.GetValue(id)}'", string.Empty);
            }

            await cli.Out.WriteLineAsync(parse.GetValue(json)
                ? JsonSerializer.Serialize(item, CaioJsonContext.Default.ReviewItem)
                : string.Create(CultureInfo.InvariantCulture, $"{item.Id}  {item.Status.ToWireName()}  {item.Tier.ToWireName()} {item.Score,3}  {item.RecipientEmail}\n  subject: {item.ApprovedSubject ?? item.Subject}\n\n{item.ApprovedBody ?? item.Body}"));
            return CaioCli.Ok;
        });
        return command;
    }

    private static Command Expire(CliContext cli)
    {
        var command = new Command("expire", "Hygiene: expire pending drafts older than the draft time to live (audited). Listing never expires anything.");
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var expired = await host.Services.GetRequiredService<IReviewQueue>().ExpireStaleAsync(cancellationToken);
            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{expired} draft(s) expired"));
            return CaioCli.Ok;
        });
        return command;
    }

    private static Command Approve(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Review item id." };
        var subject = new Option<string?>("--subject") { Description = "Edited subject." };
        var bodyFile = new Option<string?>("--body-file") { Description = "File with the edited body." };
        var feedback = new Option<string?>("--feedback") { Description = "Free-text feedback." };
        var command = new Command("approve", "Approve a draft, optionally edited.") { id, subject, bodyFile, feedback, CliContext.By };
        command.SetAction(async (parse, cancellationToken) =>
        {
            string? body = null;
            if (parse.GetValue(bodyFile) is { } path)
            {
                body = File.Exists(path) ? await File.ReadAllTextAsync(path, cancellationToken) : throw new UsageException($"--body-file: file '{path}' does not exist.");
            }

            using var host = parse.BuildHost();
            var queue = host.Services.GetRequiredService<IReviewQueue>();
            var result = await queue.ApproveAsync(parse.GetValue(id)!, new ApproveRequest(parse.GetValue(subject), body, parse.GetValue(feedback)), parse.Actor(), cancellationToken);
            return await cli.ReportAsync(result.RefusalCode, result.Detail, $"{result.Item?.Id} approved by {result.Item?.DecidedBy}");
        });
        return command;
    }

    private static Command Reject(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Review item id." };
        var reason = new Option<string>("--reason") { Description = "Why the draft is rejected.", Required = true };
        var tag = new Option<string>("--tag") { Description = "One of: " + string.Join(", ", RejectionTags.All.Order(StringComparer.Ordinal)) + ".", Required = true };
        var command = new Command("reject", "Reject a draft with a reason and a tag.") { id, reason, tag, CliContext.By };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var tagValue = parse.GetValue(tag)!;
            if (!RejectionTags.All.Contains(tagValue))
            {
                throw new UsageException($"--tag: unknown tag '{tagValue}'. Expected one of: {string.Join(", ", RejectionTags.All.Order(StringComparer.Ordinal))}.");
            }

            if (string.IsNullOrWhiteSpace(parse.GetValue(reason)))
            {
                throw new UsageException("--reason must not be empty.");
            }

            using var host = parse.BuildHost();
            var queue = host.Services.GetRequiredService<IReviewQueue>();
            var result = await queue.RejectAsync(parse.GetValue(id)!, parse.GetValue(reason)!, tagValue, parse.Actor(), cancellationToken);
            return await cli.ReportAsync(result.RefusalCode, result.Detail, $"{result.Item?.Id} rejected by {result.Item?.DecidedBy}");
        });
        return command;
    }

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
}
