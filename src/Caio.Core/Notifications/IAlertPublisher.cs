using System.Text.Json.Serialization;
using Caio.State;
using Microsoft.Extensions.Logging;

namespace Caio.Notifications;

/// <summary>Publishes alerts. Notification channels (Slack, SMS, email) implement it in their own packages.</summary>
public interface IAlertPublisher
{
    /// <summary>Publishes one alert.</summary>
    /// <param name="alert">The alert.</param>
    /// <param name="cancellationToken">Cancels the publication.</param>
    /// <returns>A task that completes when the alert is recorded.</returns>
    ValueTask PublishAsync(AlertEvent alert, CancellationToken cancellationToken = default);
}
