using System.Text.Json.Serialization;
using Caio.State;
using Microsoft.Extensions.Logging;

namespace Caio.Notifications;

/// <summary>An operational alert: something a human should look at (partial dispatch, expired batch, emergency stop).</summary>
public sealed record AlertEvent
{
    /// <summary>When.</summary>
    public required DateTimeOffset At { get; init; }

    /// <summary>Escalation level: 1 (Slack), 2 (Slack + SMS), 3 (Slack + SMS + email).</summary>
    public int Level { get; init; } = 1;

    /// <summary>Stable machine-readable code, e.g. <c>partial_dispatch</c>, <c>batch_expired</c>.</summary>
    public required string Code { get; init; }

    /// <summary>Human-readable message (never contains secrets or message bodies).</summary>
    public required string Message { get; init; }

    /// <summary>Batch concerned, when any.</summary>
    public string? BatchId { get; init; }
}
