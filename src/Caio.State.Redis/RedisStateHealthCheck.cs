using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace Caio.State.Redis;

/// <summary>
/// Readiness of the Redis state backend (registered by <c>AddRedisState</c> as <c>caio-state-redis</c>,
/// tagged <c>ready</c>): a <c>PING</c>. Unreachable is <see cref="HealthStatus.Unhealthy"/> when
/// <see cref="RedisStateOptions.Required"/> (<c>REDIS_REQUIRED</c>, the default) and
/// <see cref="HealthStatus.Degraded"/> otherwise. The description names the endpoint, never a password.
/// </summary>
internal sealed class RedisStateHealthCheck(RedisStateStore store, IOptions<RedisStateOptions> options) : IHealthCheck
{
    public const string Name = "caio-state-redis";

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var roundTrip = await store.PingAsync(cancellationToken).ConfigureAwait(false);
            return HealthCheckResult.Healthy($"{store.Endpoint} answers in {roundTrip.TotalMilliseconds:F1} ms");
        }
        catch (StateUnavailableException ex)
        {
            return new HealthCheckResult(options.Value.Required ? HealthStatus.Unhealthy : HealthStatus.Degraded, ex.Message);
        }
    }
}
