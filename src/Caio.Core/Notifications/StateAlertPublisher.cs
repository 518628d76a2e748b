using System.Text.Json.Serialization;
using Caio.State;
using Microsoft.Extensions.Logging;

namespace Caio.Notifications;

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
