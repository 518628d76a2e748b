using System.Globalization;
using Caio.Operations;
using Caio.Serialization;

namespace Caio.AspNetCore.Api;

/// <summary>Why nothing is being sent right now, as sentences a head of sales can act on.</summary>
internal static class PlainWords
{
    public static IReadOnlyList<string> WhyNothingSends(CaioStatus status)
    {
        var reasons = new List<string>();
        var stop = status.EmergencyStop;
        if (stop.Source == Caio.Safety.EmergencyStopSource.Unreadable)
        {
            reasons.Add("The emergency stop cannot be read, so every send is refused until the state is repaired.");
        }
        else if (stop.Stopped)
        {
            reasons.Add($"The emergency stop is on ({stop.Source.ToWireName()}{(stop.By is null ? string.Empty : ", by " + stop.By)}{(stop.Reason is null ? string.Empty : ": " + stop.Reason)}). Nothing is sent until it is released.");
        }

        if (status.Mode == OperatingMode.Shadow)
        {
            reasons.Add("Shadow mode is on: approved drafts go to the outbox and never reach a provider.");
        }

        if (status.Batches.GetValueOrDefault("approved") == 0 && status.Batches.GetValueOrDefault("executing") == 0)
        {
            reasons.Add(status.Queue.GetValueOrDefault("approved") > 0
                ? "Approved drafts are waiting for a batch: create a batch and approve it to send them."
                : "No approved batch: approve drafts, then create and approve a batch.");
        }

        foreach (var cap in status.Caps.Where(c => c.Limit is { } limit && c.Used >= limit))
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"The {cap.Window} {cap.Channel} cap is used up ({cap.Used}/{cap.Limit}) until {cap.WindowEnd:yyyy-MM-dd HH:mm} UTC."));
        }

        var ramp = status.Ramp;
        if (ramp.Enabled && !ramp.Graduated && ramp.SentToday >= ramp.DailyLimit)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"The ramp allows {ramp.DailyLimit} sends a day and today's are used."));
        }

        if (status.MaybeSent.Count > 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{status.MaybeSent.Count} send(s) may have gone out and wait for reconciliation; they are never resent automatically."));
        }

        if (status.Queue.GetValueOrDefault("pending") is var pending and > 0)
        {
            reasons.Add(string.Create(CultureInfo.InvariantCulture, $"{pending} draft(s) wait for review."));
        }

        return reasons;
    }
}
