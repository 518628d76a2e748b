using System.ComponentModel.DataAnnotations;

namespace Caio.Providers;

/// <summary>
/// Settings every provider client shares: the key, the base URL, timeouts, retries, the circuit
/// breaker and the client-side rate limiter. Validated at start: a missing key stops the host naming
/// the setting, and a send's total timeout must stay below the operator's send timeout.
/// </summary>
public abstract class ProviderClientOptions
{
    /// <summary>API key or token. Never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Base URL of the API (a fake, a proxy or a regional endpoint may replace the documented one).</summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// Motions this channel carries, comma-separated, any letter case (<c>outbound</c>, <c>cadence</c>,
    /// <c>revival</c>). Each provider sets its default; a name that is not a motion stops the host at start.
    /// </summary>
    public string Motions { get; set; } = "outbound,cadence";

    /// <summary>Timeout of one HTTP attempt. Default 10 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:05:00")]
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Total timeout of a read, retries included. Default 60 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan ReadTimeout { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// Total timeout of a send, retries and rate-limit waits included. Must be shorter than
    /// <c>Caio:Operator:SendTimeout</c>, so the client gives up before the operator declares the
    /// outcome unknown. Default 20 s.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan SendTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Retries of a read or deduped send (and of any request answered 429). Default 3.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>Base delay of the jittered exponential backoff. Default 500 ms.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromMilliseconds(500);

    /// <summary>A 429 asking to wait longer than this is not waited out: it surfaces as <see cref="CaioRateLimitException"/>. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Failure ratio within <see cref="BreakerSamplingDuration"/> that opens the circuit. Default 0.5.</summary>
    [Range(0.01, 1.0)]
    public double BreakerFailureRatio { get; set; } = 0.5;

    /// <summary>Calls within the sampling duration before the breaker may open. Default 5.</summary>
    [Range(2, 10_000)]
    public int BreakerMinimumThroughput { get; set; } = 5;

    /// <summary>Window in which failures are counted. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakerSamplingDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>How long an open circuit refuses calls before one trial call. Default 30 s.</summary>
    [Range(typeof(TimeSpan), "00:00:00.500", "01:00:00")]
    public TimeSpan BreakDuration { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Whether the client-side rate limiter holds requests to the documented limits. Default true.</summary>
    public bool EnforceRateLimits { get; set; } = true;

    /// <summary>Requests that may wait for the rate limiter before further ones are refused. Default 10,000.</summary>
    [Range(0, 1_000_000)]
    public int RateLimitQueue { get; set; } = 10_000;

    /// <summary>The documented rate limits the client holds itself to.</summary>
    /// <returns>The limits, all of which apply.</returns>
    public abstract IReadOnlyList<ProviderRateLimit> GetRateLimits();
}
