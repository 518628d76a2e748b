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

/// <summary>Publishes alerts. Notification channels (Slack, SMS, email) implement it in their own packages.</summary>
public interface IAlertPublisher
{
    /// <summary>Publishes one alert.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    /// <returns>A task that completes when the alert is recorded.</returns>
    ValueTask PublishAsync(AlertEvent alert, CancellationToken cancellationToken = default);
}

/// <summary>The default publisher: logs the alert as a warning and appends it to the <c>alerts</c> log in state.</summary>
public sealed partial class StateAlertPublisher(IStateStore store, ILogger<StateAlertPublisher> logger) : IAlertPublisher
{
    /// <summary>Name of the alerts log.</summary>
    public const string LogName = "alerts";

    /// <inheritdoc />
    public async ValueTask PublishAsync(AlertEvent alert, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(alert);
        LogAlert(alert.Level, alert.Code, alert.Message);
        await store.AppendJsonAsync(LogName, alert, AlertJsonContext.Default.AlertEvent, cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(EventId = 900, Level = LogLevel.Warning, Message = "Alert (level {Level}) {Code}: {Message}")]
    private partial void LogAlert(int level, string code, string message);
}

/// <summary>Source-generated JSON metadata for alerts.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(AlertEvent))]
internal sealed partial class AlertJsonContext : JsonSerializerContext;
