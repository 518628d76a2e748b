using System.Globalization;
using Caio.Pipeline;
using Caio.Safety;

namespace Caio.Worker.Commands;

/// <summary>Explains a sandbox run's simulated day in plain words: what went out, and why and until when the rest wait.</summary>
internal static class SandboxDay
{
    public static async Task WriteAsync(TextWriter output, RunReport report, SandboxClock clock, SafetyOptions safety)
    {
        var sent = report.Stages.FirstOrDefault(s => s.Name == "send")?.Out ?? 0;
        var window = safety.SendWindow;
        await output.WriteLineAsync(Invariant($"  simulated day: {clock.Start:ddd yyyy-MM-dd HH:mm} to {clock.End:ddd yyyy-MM-dd HH:mm} UTC (the sandbox's own clock; production time and state are untouched)"));
        await output.WriteLineAsync(Invariant(
            $"  sent {sent} to the recording sandbox channels — what one day allows under these safety settings: at least {safety.Caps.MinimumGap.TotalSeconds:0} s apart, {(window.Enabled ? $"{window.Start:HH\\:mm}–{window.End:HH\\:mm} on business days in each recipient's time zone" : "at any hour")}"));

        var lines = new List<string>();
        foreach (var (reason, count) in report.Filtered)
        {
            if (Explain(reason, count, safety) is { } line)
            {
                lines.Add(line);
            }
        }

        if (lines.Count > 0)
        {
            await output.WriteLineAsync("  why the rest wait:");
            foreach (var line in lines)
            {
                await output.WriteLineAsync("    - " + line);
            }
        }
    }

    private static string? Explain(string reason, long count, SafetyOptions safety) => reason switch
    {
        ReasonCodes.RampTierRestricted => Invariant(
            $"{count} approved drafts are below tier_1: a new sending setup is on the ramp, which sends only {(safety.Ramp.AllowedTiers.Count == 0 ? "tier_1" : string.Join(", ", safety.Ramp.AllowedTiers))} until it has had {safety.Ramp.CleanDaysRequired} clean live days; they go once it graduates (sandbox sends never count as clean days)."),
        ReasonCodes.RampDailyLimit => Invariant(
            $"{count} tier_1 drafts wait for the ramp's daily limit of {safety.Ramp.DailyLimit} sends per channel: at that pace they go {Days((count + safety.Ramp.DailyLimit - 1) / Math.Max(1, safety.Ramp.DailyLimit))}."),
        ReasonCodes.OutsideSendWindow => Invariant($"{count} wait for business hours in their recipient's time zone, which do not open again before the simulated day ends; they go at the next opening."),
        ReasonCodes.MinGap => Invariant($"{count} wait for the minimum gap of {safety.Caps.MinimumGap.TotalSeconds:0} s between two sends, beyond the end of the day."),
        ReasonCodes.CapHourly or ReasonCodes.CapDomainHourly => Invariant($"{count} wait for an hourly cap ({reason}); they go in a later hour."),
        ReasonCodes.CapDaily or ReasonCodes.CapMailboxDaily => Invariant($"{count} wait for a daily cap ({reason}); they go on the next day."),
        ReasonCodes.CapMonthly => Invariant($"{count} wait for the monthly cap; they go next month."),
        ReasonCodes.CapDomainBatch => Invariant($"{count} were held back by the per-batch domain cap; they go in a later batch."),
        "duplicate" => Invariant($"{count} drafts were already queued by an earlier run with this seed: nothing is drafted or sent twice."),
        ReasonCodes.AlreadySent => Invariant($"{count} recipients were already sent this step: never twice."),
        _ => null,
    };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Days(long days) => days == 1 ? "on the next business day" : string.Create(CultureInfo.InvariantCulture, $"over the next {days} business days");
}
