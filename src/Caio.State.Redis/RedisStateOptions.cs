using StackExchange.Redis;

namespace Caio.State.Redis;

/// <summary>
/// Options of the Redis state backend, bound from the <c>Caio:Redis</c> configuration section; hosts
/// also honour <c>REDIS_URL</c> and <c>REDIS_REQUIRED</c>.
/// </summary>
/// <remarks>
/// Exactly one way to connect is used, in this order: <see cref="ConnectionFactory"/>,
/// <see cref="Configuration"/>, <see cref="ConnectionString"/>.
/// </remarks>
public sealed class RedisStateOptions
{
    /// <summary>Configuration section name.</summary>
    public const string SectionName = "Caio:Redis";

    /// <summary>
    /// A <c>redis://[user:password@]host[:port][/database]</c> or <c>rediss://…</c> (TLS) address, or a
    /// StackExchange.Redis connection string (<c>host:port,password=…,ssl=true</c>).
    /// Environment: <c>REDIS_URL</c>.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>Connection settings in code; wins over <see cref="ConnectionString"/>.</summary>
    public ConfigurationOptions? Configuration { get; set; }

    /// <summary>
    /// Supplies a multiplexer the host already owns (it stays the host's: the store does not dispose it);
    /// wins over every other setting.
    /// </summary>
    public Func<IServiceProvider, IConnectionMultiplexer>? ConnectionFactory { get; set; }

    /// <summary>First segment of every key. Default <c>caio</c>.</summary>
    public string KeyPrefix { get; set; } = "caio";

    /// <summary>Second segment of every key, so that production and staging never collide. Default <c>production</c>.</summary>
    public string EnvironmentName { get; set; } = "production";

    /// <summary>
    /// When <see langword="true"/> (the default) the readiness check <c>caio-state-redis</c> reports the host
    /// unhealthy (not ready) while Redis is unreachable; otherwise degraded. Either way nothing falls back to
    /// local state: every state call fails with <see cref="StateUnavailableException"/> until Redis answers.
    /// Environment: <c>REDIS_REQUIRED</c>.
    /// </summary>
    public bool Required { get; set; } = true;

    /// <summary>
    /// How long Redis keeps a record or counter after its logical expiry before deleting it (expiry is
    /// decided by the store's clock; the server's own expiry only collects garbage). Default 10 minutes.
    /// </summary>
    public TimeSpan ExpiryGrace { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Cutover from files: a record or counter missing in Redis is read from the file backend
    /// (<c>Caio:StateDirectory</c>) and promoted into Redis only if Redis still has none. Default off.
    /// Environment: <c>STATE_DUAL_READ_ENABLED</c>.
    /// </summary>
    public bool DualRead { get; set; }

    /// <summary>
    /// Cutover from files: every successful write to Redis is also applied to the file backend, so rolling
    /// back to files finds current state. Default off. Environment: <c>STATE_FILE_FALLBACK_WRITE</c>.
    /// </summary>
    public bool FileFallbackWrite { get; set; }

    /// <summary>Command timeout applied when the store builds the connection itself. Default 5 seconds.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(5);
}
