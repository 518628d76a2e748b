using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Operations;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>batch create|show|list|approve|reject</c>: dispatch batches.</summary>
internal static class BatchCommand
{
    public static Command Create(CliContext cli)
    {
        var command = new Command("batch", "Dispatch batches: freeze approved items into a hashed scope a human releases.");
        command.Subcommands.Add(CreateBatch(cli));
        command.Subcommands.Add(Show(cli));
        command.Subcommands.Add(List(cli));
        command.Subcommands.Add(Approve(cli));
        command.Subcommands.Add(Reject(cli));
        return command;
    }

    private static Command CreateBatch(CliContext cli)
    {
        var motion = new Option<string>("--motion") { Description = "outbound, cadence or revival.", Required = true };
        motion.AcceptOnlyFromAmong([.. BatchMotions.All.Select(m => m.ToWireName())]);
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var channels = new Option<string[]>("--channels") { Description = "Channels the actions are checked against, as for 'operator' (e.g. 'sandbox').", AllowMultipleArgumentsPerToken = true };
        var command = new Command("create", "Create a batch from the approved items of a motion; lists the actions that cannot go out now and why.") { motion, channels, json, CliContext.By };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var actor = parse.Actor();
            using var host = parse.BuildStateHost();
            var dispatcher = host.Services.GetRequiredService<DispatchOperator>();
            var selected = (parse.GetValue(channels) ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var result = await dispatcher.CreateBatchAsync(MotionValues.One(parse.GetValue(motion)), actor, channels: selected, cancellationToken: cancellationToken);
            if (!result.Succeeded)
            {
                return await cli.ReportAsync(result.Refusal, string.Empty);
            }

            var batch = result.Batch!;
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(new BatchSummary(batch.Id, batch.Motion.ToWireName(), batch.Scope.ItemIds.Count, batch.Scope.Actions.Count, batch.PreviewHash, batch.CreatedAt, batch.ExpiresAt) { Notices = result.Notices ?? [] }, WorkerJsonContext.Default.BatchSummary));
            }
            else
            {
                var now = host.Now();
                var queue = host.Services.GetRequiredService<Caio.Review.IReviewQueue>();
                await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"batch {batch.Id}: {batch.Scope.ItemIds.Count} items, preview hash {batch.PreviewHash}, expires {HumanTime.Format(batch.ExpiresAt, now, host.Zone())}"));
                var notices = result.Notices ?? [];
                if (notices.Count > 0)
                {
                    await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {notices.Count} of {batch.Scope.Actions.Count} actions cannot go out now (a deferred one stays in the batch and goes once its layer allows, until the batch expires):"));
                }

                foreach (var notice in notices)
                {
                    // A deferral is said in the recipient's time zone when known: "until Mon 09:00 America/Chicago".
                    var zone = notice.DeferUntil is null ? null : (await ReadItemOrNullAsync(queue, notice.ItemId, cancellationToken))?.TimeZone;
                    var until = notice.DeferUntil is { } at ? " until " + HumanTime.Format(at, now, zone ?? host.Zone()) : string.Empty;
                    await cli.Out.WriteLineAsync($"  {notice.Outcome.ToWireName(),-10} {notice.Channel,-8} {notice.RecipientKey}  {notice.Reason}{until}{ReviewItemView.Explain(notice.Reason.ToString())}");
                }
            }

            return CaioCli.Ok;
        });
        return command;
    }

    private static async Task<Caio.Review.ReviewItem?> ReadItemOrNullAsync(Caio.Review.IReviewQueue queue, string? itemId, CancellationToken cancellationToken)
    {
        try
        {
            return itemId is null ? null : await queue.GetAsync(itemId, cancellationToken);
        }
        catch (Caio.State.UnreadableRecordException)
        {
            return null;
        }
    }

    private static Command Show(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Batch id (or a unique prefix of it)." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("show", "Show a batch, its frozen scope and the message each action sends.") { id, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildStateHost();
            var batchId = await CliIds.BatchAsync(host, parse.GetValue(id)!, cancellationToken);
            var batch = await host.Services.GetRequiredService<BatchService>().GetAsync(batchId, cancellationToken);
            if (batch is null)
            {
                return await cli.ReportAsync(BatchRefusals.NotFound, $"no batch '{batchId}'", string.Empty);
            }

            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(batch, CaioJsonContext.Default.DispatchBatch));
                return CaioCli.Ok;
            }

            var now = host.Now();
            var zone = host.Zone();
            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"batch {batch.Id} ({batch.Motion.ToWireName()}) {batch.Status.ToString().ToLowerInvariant()}{(batch.Scope.Sandbox ? ", sandbox work" : string.Empty)}"));
            await cli.Out.WriteLineAsync($"  preview hash {batch.PreviewHash}");
            await cli.Out.WriteLineAsync($"  created {HumanTime.Format(batch.CreatedAt, now, zone)} by {batch.CreatedBy}");
            await cli.Out.WriteLineAsync($"  expires {HumanTime.Format(batch.ExpiresAt, now, zone)}");
            if (batch.ApprovedBy is not null)
            {
                await cli.Out.WriteLineAsync($"  approved by {batch.ApprovedBy}{(batch.ApprovedAt is { } approvedAt ? ", " + HumanTime.Format(approvedAt, now, zone) : string.Empty)}");
            }

            var messages = await BatchMessage.ReadAllAsync(batch, host.Services.GetRequiredService<Caio.Review.IReviewQueue>(), cancellationToken);
            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {messages.Count} action(s):"));
            foreach (var message in messages)
            {
                var action = message.Action;
                await cli.Out.WriteLineAsync();
                await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {action.ActionId}  {ReviewItemView.Wire(action.Channel)} step {action.Step} day {action.Day}  {action.Email}"));
                if (message.Item is null)
                {
                    await cli.Out.WriteLineAsync("    (the review item is gone or cannot be read; this action will be refused)");
                    continue;
                }

                if (message.ChangedSinceFrozen)
                {
                    await cli.Out.WriteLineAsync("    CHANGED since the batch froze it: this action will be refused (batch_hash_mismatch)");
                }

                await cli.Out.WriteLineAsync($"    subject: {message.Subject}");
                foreach (var line in (message.Body ?? string.Empty).Split('\n'))
                {
                    await cli.Out.WriteLineAsync("    | " + line.TrimEnd('\r'));
                }
            }

            foreach (var result in batch.Results ?? [])
            {
                await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {result.Channel}: sent {result.Sent}, failed {result.Failed}, maybe_sent {result.MaybeSent}, refused {result.Refused}, deferred {result.Deferred}"));
            }

            return CaioCli.Ok;
        });
        return command;
    }

    private static Command List(CliContext cli)
    {
        var status = new Option<string>("--status") { Description = "pending, approved, executing, executed, rejected or expired.", DefaultValueFactory = _ => "pending" };
        status.AcceptOnlyFromAmong("pending", "approved", "executing", "executed", "rejected", "expired");
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("list", "List batches in a status.") { status, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildStateHost();
            var wanted = Enum.Parse<BatchStatus>(parse.GetValue(status)!, ignoreCase: true);
            var batches = await host.Services.GetRequiredService<BatchService>().ListAsync(wanted, cancellationToken);
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize([.. batches], CaioJsonContext.Default.ListDispatchBatch));
                return CaioCli.Ok;
            }

            var now = host.Now();
            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{batches.Count} {parse.GetValue(status)} batch(es)"));
            foreach (var batch in batches)
            {
                await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{batch.Id}  {batch.Motion.ToWireName()}  {batch.Scope.ItemIds.Count} items  {batch.PreviewHash[..12]}…  expires {HumanTime.Format(batch.ExpiresAt, now, host.Zone())}"));
            }

            return CaioCli.Ok;
        });
        return command;
    }

    private static Command Approve(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Batch id (or a unique prefix of it)." };
        var by = new Option<string>("--by") { Description = "The approver (recorded).", Required = true };
        var command = new Command("approve", "Approve a pending batch.") { id, by };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var approver = CliOptions.Human(parse.GetValue(by)!);
            using var host = parse.BuildStateHost();
            var batchId = await CliIds.BatchAsync(host, parse.GetValue(id)!, cancellationToken);
            var result = await host.Services.GetRequiredService<BatchService>().ApproveAsync(batchId, approver, cancellationToken);
            return await cli.ReportAsync(result.Refusal, $"batch {result.Batch?.Id} approved");
        });
        return command;
    }

    private static Command Reject(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Batch id (or a unique prefix of it)." };
        var reason = new Option<string?>("--reason") { Description = "Why." };
        var command = new Command("reject", "Reject a pending or approved batch; its items wait for the next batch.") { id, reason, CliContext.By };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var actor = parse.Actor();
            using var host = parse.BuildStateHost();
            var batchId = await CliIds.BatchAsync(host, parse.GetValue(id)!, cancellationToken);
            var result = await host.Services.GetRequiredService<BatchService>().RejectAsync(batchId, actor, parse.GetValue(reason), cancellationToken);
            return await cli.ReportAsync(result.Refusal, $"batch {result.Batch?.Id} rejected");
        });
        return command;
    }
}
