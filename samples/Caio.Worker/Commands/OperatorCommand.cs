using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Caio.Dispatch;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>operator --motion M [--dry-run | --live] [--batch ID] [--channels NAMES] [--json]</c> and <c>reconcile</c>.</summary>
internal static class OperatorCommand
{
    public static Command Create(CliContext cli)
    {
        var motion = new Option<string>("--motion") { Description = "outbound, cadence, revival or all.", Required = true };
        motion.AcceptOnlyFromAmong("outbound", "cadence", "revival", "all");
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be sent and what is refused (the default)." };
        var live = new Option<bool>("--live") { Description = "Send for real through the selected channels." };
        var batch = new Option<string?>("--batch") { Description = "Run only this batch." };
        var channels = new Option<string[]>("--channels") { Description = "Channels to use, e.g. 'sandbox' (the recording sandbox channels).", AllowMultipleArgumentsPerToken = true };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("operator", "Dispatch approved batches through the safety layers (dry run unless --live).") { motion, dryRun, live, batch, channels, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(live) && parse.GetValue(dryRun))
            {
                throw new UsageException("--live and --dry-run exclude each other.");
            }

            var selected = (parse.GetValue(channels) ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            using var host = parse.BuildHost();
            var dispatcher = host.Services.GetRequiredService<DispatchOperator>();
            var report = await dispatcher.RunAsync(
                new OperatorRequest { Motion = parse.GetValue(motion)!, Live = parse.GetValue(live), BatchId = parse.GetValue(batch), Channels = selected },
                cancellationToken);
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(report, OperatorJsonContext.Default.OperatorReport));
            }
            else
            {
                await WriteAsync(cli.Out, report);
            }

            if (report.Refusal is not null)
            {
                await cli.Error.WriteLineAsync($"refused: {report.Refusal}: {report.Note}");
                return CaioCli.Failure;
            }

            return report.Batches.Any(b => b.Refusal is not null && b.Executed == false && report.Live) ? CaioCli.Failure : CaioCli.Ok;
        });
        return command;
    }

    public static Command CreateReconcile(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("reconcile", "Settle maybe_sent sends by asking the channels whether they went out.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var report = await host.Services.GetRequiredService<DispatchOperator>().ReconcileAsync(cancellationToken);
            await cli.Out.WriteLineAsync(parse.GetValue(json)
                ? JsonSerializer.Serialize(report, OperatorJsonContext.Default.ReconcileReport)
                : string.Create(CultureInfo.InvariantCulture, $"examined {report.Examined}: sent {report.Sent}, not sent {report.NotSent}, still unknown {report.Unknown}"));
            return CaioCli.Ok;
        });
        return command;
    }

    private static async Task WriteAsync(TextWriter output, OperatorReport report)
    {
        await output.WriteLineAsync(report.Live ? "LIVE dispatch" : "DRY RUN (nothing is sent; pass --live to send)");
        if (report.Note is not null)
        {
            await output.WriteLineAsync("  " + report.Note);
        }

        foreach (var batch in report.Batches)
        {
            await output.WriteLineAsync($"batch {batch.BatchId} ({batch.Motion}){(batch.Refusal is null ? string.Empty : $": refused {batch.Refusal}: {batch.Detail}")}");
            foreach (var action in batch.Actions)
            {
                var why = action.Reason is null ? string.Empty : $"  {action.Reason}{(action.DeferUntil is { } until ? " until " + until.ToString("O", CultureInfo.InvariantCulture) : string.Empty)}";
                await output.WriteLineAsync($"  {action.Outcome,-10} {action.Channel,-8} step {action.Step}  {action.RecipientKey}{why}");
            }

            foreach (var channel in batch.Channels)
            {
                await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {channel.Channel}: {(report.Live ? "sent" : "would send")} {channel.Sent}, failed {channel.Failed}, maybe_sent {channel.MaybeSent}, refused {channel.Refused}, deferred {channel.Deferred}"));
            }

            if (batch.Partial)
            {
                await output.WriteLineAsync("  PARTIAL DISPATCH: one channel succeeded while another failed (alert raised)");
            }
        }
    }
}
