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
        motion.AcceptOnlyFromAmong(BatchMotions.All.ToArray());
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var channels = new Option<string[]>("--channels") { Description = "Channels the actions are checked against, as for 'operator' (e.g. 'sandbox').", AllowMultipleArgumentsPerToken = true };
        var command = new Command("create", "Create a batch from the approved items of a motion; lists the actions that cannot go out now and why.") { motion, channels, json, CliContext.By };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var dispatcher = host.Services.GetRequiredService<DispatchOperator>();
            var selected = (parse.GetValue(channels) ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            var result = await dispatcher.CreateBatchAsync(parse.GetValue(motion)!, parse.Actor(), channels: selected, cancellationToken: cancellationToken);
            if (!result.Succeeded)
            {
                await cli.Error.WriteLineAsync($"refused: {result.RefusalCode}: {result.Detail}");
                return CaioCli.Failure;
            }

            var batch = result.Batch!;
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(new BatchSummary(batch.Id, batch.Motion, batch.Scope.ItemIds.Count, batch.Scope.Actions.Count, batch.PreviewHash, batch.CreatedAt, batch.ExpiresAt) { Notices = result.Notices ?? [] }, WorkerJsonContext.Default.BatchSummary));
            }
            else
            {
                await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"batch {batch.Id}: {batch.Scope.ItemIds.Count} items, preview hash {batch.PreviewHash}, expires {batch.ExpiresAt:O}"));
                var notices = result.Notices ?? [];
                if (notices.Count > 0)
                {
                    await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {notices.Count} of {batch.Scope.Actions.Count} actions cannot go out now (a deferred one stays in the batch and goes once its layer allows, until the batch expires):"));
                }

                foreach (var notice in notices)
                {
                    var until = notice.DeferUntil is { } at ? " until " + at.ToString("O", CultureInfo.InvariantCulture) : string.Empty;
                    await cli.Out.WriteLineAsync($"  {notice.Outcome,-10} {notice.Channel,-8} {notice.RecipientKey}  {notice.Reason}{until}");
                }
            }

            return CaioCli.Ok;
        });
        return command;
    }

    private static Command Show(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Batch id." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("show", "Show a batch and its frozen scope.") { id, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var batch = await host.Services.GetRequiredService<BatchService>().GetAsync(parse.GetValue(id)!, cancellationToken);
            if (batch is null)
            {
                await cli.Error.WriteLineAsync($"refused: {BatchRefusals.NotFound}: no batch '{parse.GetValue(id)}'");
                return CaioCli.Failure;
            }

            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(batch, CaioJsonContext.Default.DispatchBatch));
                return CaioCli.Ok;
            }

            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"batch {batch.Id} ({batch.Motion}) {batch.Status.ToString().ToLowerInvariant()}"));
            await cli.Out.WriteLineAsync($"  preview hash {batch.PreviewHash}");
            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  created {batch.CreatedAt:O} by {batch.CreatedBy}, expires {batch.ExpiresAt:O}"));
            if (batch.ApprovedBy is not null)
            {
                await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  approved by {batch.ApprovedBy} at {batch.ApprovedAt:O}"));
            }

            foreach (var action in batch.Scope.Actions)
            {
                await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {action.ActionId}  {(action.Channel == Leads.Channel.Email ? "email" : "linkedin")} step {action.Step} day {action.Day}  {action.Email}"));
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
            using var host = parse.BuildHost();
            var wanted = Enum.Parse<BatchStatus>(parse.GetValue(status)!, ignoreCase: true);
            var batches = await host.Services.GetRequiredService<BatchService>().ListAsync(wanted, cancellationToken);
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize([.. batches], CaioJsonContext.Default.ListDispatchBatch));
                return CaioCli.Ok;
            }

            foreach (var batch in batches)
            {
                await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"{batch.Id}  {batch.Motion}  {batch.Scope.ItemIds.Count} items  {batch.PreviewHash[..12]}…  expires {batch.ExpiresAt:O}"));
            }

            return CaioCli.Ok;
        });
        return command;
    }

    private static Command Approve(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Batch id." };
        var by = new Option<string>("--by") { Description = "The approver (recorded).", Required = true };
        var command = new Command("approve", "Approve a pending batch.") { id, by };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var result = await host.Services.GetRequiredService<BatchService>().ApproveAsync(parse.GetValue(id)!, CliOptions.Human(parse.GetValue(by)!), cancellationToken);
            return await cli.ReportAsync(result.RefusalCode, result.Detail, $"batch {result.Batch?.Id} approved");
        });
        return command;
    }

    private static Command Reject(CliContext cli)
    {
        var id = new Argument<string>("id") { Description = "Batch id." };
        var reason = new Option<string?>("--reason") { Description = "Why." };
        var command = new Command("reject", "Reject a pending or approved batch; its items wait for the next batch.") { id, reason, CliContext.By };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var result = await host.Services.GetRequiredService<BatchService>().RejectAsync(parse.GetValue(id)!, parse.Actor(), parse.GetValue(reason), cancellationToken);
            return await cli.ReportAsync(result.RefusalCode, result.Detail, $"batch {result.Batch?.Id} rejected");
        });
        return command;
    }
}
