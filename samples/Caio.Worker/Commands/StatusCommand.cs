using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Caio.Operations;
using Caio.Safety;
using Caio.Serialization;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Worker.Commands;

/// <summary><c>status [--json]</c> and <c>emergency-stop on|off --by NAME</c>.</summary>
internal static class StatusCommand
{
    public static Command Create(CliContext cli)
    {
        var json = new Option<bool>("--json") { Description = "Print JSON." };
        var command = new Command("status", "Emergency stop, mode, rollout phase, ramp, cap usage, queue and batch counts, maybe-sent items.") { json };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildStateHost();
            var status = await host.Services.GetRequiredService<StatusService>().GetAsync(cancellationToken);
            // A stop that cannot be read is a failure an operator's script must notice: exit 1, like any refusal.
            var outcome = status.EmergencyStop.Source == EmergencyStopSource.Unreadable ? CaioCli.Failure : CaioCli.Ok;
            if (parse.GetValue(json))
            {
                await cli.Out.WriteLineAsync(JsonSerializer.Serialize(status, CaioJsonContext.Default.CaioStatus));
                return outcome;
            }

            var stop = status.EmergencyStop;
            await cli.Out.WriteLineAsync(stop.Source == EmergencyStopSource.Unreadable ? $"EMERGENCY STOP UNREADABLE: sends are refused ({stop.ReasonCode}: {stop.Reason}){ReviewItemView.Explain(stop.ReasonCode?.ToString())}"
                : stop.Stopped ? $"EMERGENCY STOP ENGAGED ({stop.Source.ToWireName()}{(stop.By is null ? string.Empty : ", by " + stop.By)}{(stop.At is { } since ? ", since " + HumanTime.Format(since, status.At, status.CapTimeZone) : string.Empty)}{(stop.Reason is null ? string.Empty : ": " + stop.Reason)})" : "emergency stop: off");
            await cli.Out.WriteLineAsync($"mode: {status.Mode.ToWireName()}; rollout phase: {status.RolloutPhase.ToWireName()}");
            var ramp = status.Ramp;
            await cli.Out.WriteLineAsync(ramp.Enabled
                ? string.Create(CultureInfo.InvariantCulture, $"ramp: {(ramp.Graduated ? "graduated" : "active")}, clean days {ramp.CleanDays}/{ramp.CleanDaysRequired} within {ramp.LookbackDays} days; {ramp.SentToday}/{ramp.DailyLimit} sent today; tiers {string.Join(", ", ramp.AllowedTiers)}")
                : "ramp: off");
            await cli.Out.WriteLineAsync($"caps ({status.CapTimeZone}):");
            foreach (var cap in status.Caps)
            {
                await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"  {cap.Channel} {cap.Window}{(cap.Scope is null ? string.Empty : " " + cap.Scope)}: {cap.Used}/{(cap.Limit?.ToString(CultureInfo.InvariantCulture) ?? "∞")}, window ends {HumanTime.Format(cap.WindowEnd, status.At, status.CapTimeZone)}"));
            }

            await cli.Out.WriteLineAsync("queue: " + string.Join(", ", status.Queue.Where(q => q.Value > 0).Select(q => $"{q.Key} {q.Value}")));
            await cli.Out.WriteLineAsync("batches: " + string.Join(", ", status.Batches.Where(b => b.Value > 0).Select(b => $"{b.Key} {b.Value}")));
            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"sends today (UTC): sent (handed to provider): {status.SendsToday.HandedToProvider}, confirmed by provider: {status.SendsToday.ConfirmedByProvider}"));
            await cli.Out.WriteLineAsync("refused or deferred today: " + (status.RefusalsToday.Count == 0 ? "none" : string.Join(", ", status.RefusalsToday.Select(r => $"{r.Key} {r.Value}"))));
            foreach (var code in status.RefusalsToday.Keys)
            {
                if (Caio.Safety.ReasonCodeExplanations.Explain(code) is { } explanation)
                {
                    await cli.Out.WriteLineAsync($"  {code}: {explanation}");
                }
            }
            await cli.Out.WriteLineAsync(string.Create(CultureInfo.InvariantCulture, $"maybe_sent awaiting reconciliation: {status.MaybeSent.Count}"));
            foreach (var item in status.MaybeSent)
            {
                await cli.Out.WriteLineAsync($"  {item.ItemId} {item.RecipientKey} step {item.Step} via {item.Channel}, batch {item.BatchId}, since {HumanTime.Format(item.Since, status.At, status.CapTimeZone)}: {item.Detail}");
            }

            return outcome;
        });
        return command;
    }
}

/// <summary><c>emergency-stop on|off --by NAME [--reason TEXT]</c>.</summary>
internal static class EmergencyStopCommand
{
    public static Command Create(CliContext cli)
    {
        var state = new Argument<string>("state") { Description = "on or off." };
        state.AcceptOnlyFromAmong("on", "off");
        var by = new Option<string>("--by") { Description = "Who switches it (audited).", Required = true };
        var reason = new Option<string?>("--reason") { Description = "Why." };
        var command = new Command("emergency-stop", "Engage or release the emergency stop (audited).") { state, by, reason };
        command.SetAction(async (parse, cancellationToken) =>
        {
            using var host = parse.BuildHost();
            var engaged = parse.GetValue(state) == "on";
            var actor = parse.GetValue(by)!;
            var status = await host.Services.GetRequiredService<EmergencySwitch>().SetAsync(engaged, actor, parse.GetValue(reason), cancellationToken);
            await cli.Out.WriteLineAsync(engaged
                ? $"emergency stop engaged by {actor}"
                : status.Stopped ? $"runtime switch released by {actor}, but sends stay stopped: {status.Source} ({status.ReasonCode})" : $"emergency stop released by {actor}");
            return CaioCli.Ok;
        });
        return command;
    }
}
