using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Operations;
using Caio.Safety;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>operator --motion M [--dry-run | --live] [--batch ID] [--channels NAMES] [--wait-up-to DURATION] [--json]</c> and <c>reconcile</c>.</summary>
internal static partial class OperatorCommand
{
    public static Command Create(CliContext cli)
    {
        var motion = new Option<string>("--motion") { Description = "outbound, cadence, revival or all.", Required = true };
        motion.AcceptOnlyFromAmong([.. BatchMotions.All.Select(m => m.ToWireName()), MotionOrAllJsonConverter.All]);
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be sent and what is refused (the default)." };
        var live = new Option<bool>("--live") { Description = "Send for real through the selected channels." };
        var batch = new Option<string?>("--batch") { Description = "Run only this batch." };
        var channels = new Option<string[]>("--channels") { Description = "Channels to use, e.g. 'sandbox' (the recording sandbox channels).", AllowMultipleArgumentsPerToken = true };
        var waitUpTo = new Option<string?>("--wait-up-to") { Description = "With --live: wait up to this long (e.g. 90s, 15m, 1h) for deferred actions of a batch (minimum gap, cap windows, send window) before returning." };
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("operator", "Dispatch approved batches through the safety layers (dry run unless --live).") { motion, dryRun, live, batch, channels, waitUpTo, json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            if (parse.GetValue(live) && parse.GetValue(dryRun))
            {
                throw new UsageException("--live and --dry-run exclude each other.");
            }

            var wait = parse.GetValue(waitUpTo) is { } text ? ParseDuration(text) : (TimeSpan?)null;
            var selected = (parse.GetValue(channels) ?? []).SelectMany(c => c.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();
            using var host = parse.BuildStateHost();
            var dispatcher = host.Services.GetRequiredService<DispatchOperator>();
            var batchId = parse.GetValue(batch) is { } given ? await CliIds.BatchAsync(host, given, cancellationToken) : null;
            var report = await dispatcher.RunAsync(
                new OperatorRequest { Motion = MotionValues.OneOrAll(parse.GetValue(motion)), Live = parse.GetValue(live), BatchId = batchId, Channels = selected, WaitUpTo = wait },
                cancellationToken);
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(report, OperatorJsonContext.Default.OperatorReport));
            }
            else
            {
                var stop = report.Live ? await host.Services.GetRequiredService<IEmergencyStop>().GetStatusAsync(cancellationToken) : null;
                await WriteAsync(cli.Out, report, host.Now(), host.Zone(), await RecipientZonesAsync(host, report, cancellationToken), stop);
            }

            if (report.Refusal is not null)
            {
                return await cli.ReportAsync(report.Refusal, report.Note, string.Empty);
            }

            var exitCode = ExitCode(report);
            if (exitCode != CaioCli.Ok)
            {
                await cli.Error.WriteLineAsync(report.Batches.Any(BatchRefused)
                    ? "failed: this live run's batch was refused (the reason is above); exit code 1"
                    : "failed: this live run sent nothing: every action was refused or failed (the reasons are above); exit code 1");
            }

            return exitCode;
        });
        return command;
    }

    /// <summary>Parses <c>90s</c>, <c>15m</c>, <c>2h</c> or a <see cref="TimeSpan"/> such as <c>00:15:00</c>.</summary>
    internal static TimeSpan ParseDuration(string text, string option = "--wait-up-to")
    {
        var trimmed = text.Trim();
        var unit = trimmed.Length > 1 ? char.ToLowerInvariant(trimmed[^1]) : '\0';
        TimeSpan? value = unit is 's' or 'm' or 'h' && int.TryParse(trimmed.AsSpan(0, trimmed.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            ? unit switch { 's' => TimeSpan.FromSeconds(amount), 'm' => TimeSpan.FromMinutes(amount), _ => TimeSpan.FromHours(amount) }
            : TimeSpan.TryParse(trimmed, CultureInfo.InvariantCulture, out var parsed) ? parsed : null;
        return value is { } duration && duration >= TimeSpan.Zero && duration <= TimeSpan.FromDays(1)
            ? duration
            : throw new UsageException($"{option}: '{text}' is not a duration between 0 and 24h (e.g. 90s, 15m, 1h).");
    }

    public static Command CreateReconcile(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("reconcile", "Settle maybe_sent sends by asking the channels whether they went out.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildStateHost();
            var report = await host.Services.GetRequiredService<DispatchOperator>().ReconcileAsync(cancellationToken);
            await cli.Out.WriteLineAsync(parse.GetValue(json)
                ? JsonSerializer.Serialize(report, OperatorJsonContext.Default.ReconcileReport)
                : string.Create(CultureInfo.InvariantCulture, $"examined {report.Examined}: sent {report.Sent}, not sent {report.NotSent}, still unknown {report.Unknown}"));
            return CaioCli.Ok;
        });
        return command;
    }

    /// <summary>
    /// The exit code of a run the operator did not refuse as a whole: 1 when a live run's batch was refused, or
    /// when a live run had actions and every one was refused or failed (nothing sent, nothing waiting); else 0.
    /// A batch another replica holds is not a refusal of this run: this run helped with it (or found nothing
    /// left to help with), so only the actions it took count.
    /// </summary>
    internal static int ExitCode(OperatorReport report)
    {
        if (!report.Live)
        {
            return CaioCli.Ok;
        }

        var actions = report.Batches.SelectMany(b => b.Actions).ToList();
        return report.Batches.Any(BatchRefused)
            || (actions.Count > 0 && actions.All(a => a.Outcome is ActionOutcomes.Refused or ActionOutcomes.Failed))
            ? CaioCli.Failure
            : CaioCli.Ok;
    }

    private static bool BatchRefused(BatchDispatchReport batch) => batch.Refusal is not null && !batch.Executed && batch.Refusal != BatchRefusals.ClaimedByAnother;

    /// <summary>The time zone of each deferred action's recipient, so a deferral reads "until Mon 09:00 America/Chicago".</summary>
    private static async Task<Dictionary<string, string>> RecipientZonesAsync(Microsoft.Extensions.Hosting.IHost host, OperatorReport report, CancellationToken cancellationToken)
    {
        var queue = host.Services.GetRequiredService<Caio.Review.IReviewQueue>();
        var zones = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var action in report.Batches.SelectMany(b => b.Actions).Where(a => a.DeferUntil is not null))
        {
            try
            {
                if (!zones.ContainsKey(action.ItemId) && await queue.GetAsync(action.ItemId, cancellationToken) is { TimeZone: { Length: > 0 } zone })
                {
                    zones[action.ItemId] = zone;
                }
            }
            catch (Caio.State.UnreadableRecordException)
            {
                // The item is reported as unreadable elsewhere; its deferral is shown in the operator's zone.
            }
        }

        return zones;
    }

    private static async Task WriteAsync(TextWriter output, OperatorReport report, DateTimeOffset now, string zone, Dictionary<string, string> recipientZones, EmergencyStopStatus? stop)
    {
        await output.WriteLineAsync(report.Live ? "LIVE dispatch" : "DRY RUN (nothing is sent; pass --live to send)");
        if (stop is { Stopped: true })
        {
            // Said first: a run that found nothing due would otherwise not mention that nothing can go at all.
            await output.WriteLineAsync($"  EMERGENCY STOP ENGAGED{(stop.By is null ? string.Empty : " by " + stop.By)}{(stop.Reason is null ? string.Empty : ": " + stop.Reason)} — nothing is sent until it is released (emergency-stop off)");
        }

        if (report.Note is not null)
        {
            await output.WriteLineAsync("  " + Readable(report.Note, now, zone));
        }

        foreach (var batch in report.Batches)
        {
            var batchDetail = batch.Detail is null ? null : Readable(batch.Detail, now, zone);
            await output.WriteLineAsync($"batch {batch.BatchId} ({batch.Motion?.ToWireName() ?? MotionOrUnknownJsonConverter.Unknown}){(batch.Refusal is not null ? $": refused {batch.Refusal}: {batchDetail}{ReviewItemView.Explain(batch.Refusal?.ToString())}" : batchDetail is not null ? $": {batchDetail}" : string.Empty)}");
            foreach (var action in batch.Actions)
            {
                var why = action.Reason is null ? string.Empty : $"  {action.Reason}{(action.DeferUntil is { } until ? " until " + HumanTime.Format(until, now, recipientZones.GetValueOrDefault(action.ItemId, zone)) : string.Empty)}";
                var message = action.MessageId is null ? string.Empty : "  message " + action.MessageId;
                await output.WriteLineAsync($"  {action.Outcome.ToWireName(),-10} {action.Channel,-8} step {action.Step}  {action.RecipientKey}{why}{message}");
                if (action.Reason is not null)
                {
                    var explanation = action.Reason?.Explanation;
                    var detail = action.Detail is { Length: > 0 } d && d != explanation ? (explanation is null ? d : " (" + d + ")") : string.Empty;
                    await output.WriteLineAsync($"             {explanation}{detail}");
                }

                if (action.Findings is { Count: > 1 } findings)
                {
                    await output.WriteLineAsync($"             every layer that would refuse it: {string.Join(", ", findings)}");
                }
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

    /// <summary>A report's text with every ISO-8601 instant in it said as people read it (<c>Tue 15:00 UTC, in 1 h</c>).</summary>
    internal static string Readable(string text, DateTimeOffset now, string zone) =>
        IsoInstant().Replace(text, match => DateTimeOffset.TryParse(match.Value, CultureInfo.InvariantCulture, DateTimeStyles.None, out var at) ? HumanTime.Format(at, now, zone) : match.Value);

    [System.Text.RegularExpressions.GeneratedRegex(@"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})")]
    private static partial System.Text.RegularExpressions.Regex IsoInstant();
}
