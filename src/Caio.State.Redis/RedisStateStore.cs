using Caio.Hosting;
using System.Globalization;
using System.Runtime.CompilerServices;
using Caio.State.Internal;
using StackExchange.Redis;

namespace Caio.State.Redis;

/// <summary>
/// An <see cref="IStateStore"/> on Redis, shared by every process that names the same key prefix and
/// environment: each primitive that reads and then writes is one server-side script, so it is atomic
/// across processes and machines; <see cref="CommitAsync"/> is one script too.
/// </summary>
/// <remarks>
/// Expiry is decided by the store's <see cref="TimeProvider"/>, passed to every script, and never by
/// the server's clock, so the same contract holds on every backend; Redis's own key expiry only
/// collects keys some <see cref="RedisStateOptions.ExpiryGrace"/> after they are logically gone.
/// Every Redis failure surfaces as a <see cref="StateUnavailableException"/> naming the operation and the
/// endpoint; reconnecting is left to the client.
/// </remarks>
public sealed partial class RedisStateStore : IStateStore, IDisposable, IAsyncDisposable
{
    private const int PageSize = 512;
    private static readonly RedisValue NoValue = string.Empty;

    private readonly IConnectionMultiplexer _connection;
    private readonly bool _ownsConnection;
    private readonly RedisKeyLayout _keys;
    private readonly TimeProvider _timeProvider;
    private readonly TimeSpan _grace;
    private readonly string _endpoint;

    /// <summary>What <c>AddRedisState()</c> registers as the state backend: <c>redis</c>, shared, outside the state directory.</summary>
    public static StateBackendDescriptor Descriptor { get; } = new("redis", usesStateDirectory: false, inProcess: false);

    /// <summary>Creates a store on a multiplexer the caller owns (it is not disposed with the store).</summary>
    /// <param name="connection">The multiplexer.</param>
    /// <param name="options">Key prefix, environment and expiry grace.</param>
    /// <param name="timeProvider">The clock expiry is evaluated against.</param>
    public RedisStateStore(IConnectionMultiplexer connection, RedisStateOptions options, TimeProvider timeProvider)
        : this(connection, ownsConnection: false, options, timeProvider)
    {
    }

    private RedisStateStore(IConnectionMultiplexer connection, bool ownsConnection, RedisStateOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ValidateOptions(options);
        _connection = connection;
        _ownsConnection = ownsConnection;
        _keys = new RedisKeyLayout(options.KeyPrefix, options.EnvironmentName);
        _timeProvider = timeProvider;
        _grace = options.ExpiryGrace;
        _endpoint = RedisConnectionSettings.Describe(connection);
    }

    /// <summary>The endpoint this store talks to, for messages (no credentials).</summary>
    public string Endpoint => _endpoint;

    /// <summary>
    /// Connects from <see cref="RedisStateOptions.Configuration"/> or <see cref="RedisStateOptions.ConnectionString"/>.
    /// The connection is owned by the store. A Redis that is down does not fail this call: the client keeps
    /// reconnecting and every state call fails with <see cref="StateUnavailableException"/> until it answers.
    /// </summary>
    /// <param name="options">The options.</param>
    /// <param name="timeProvider">The clock expiry is evaluated against.</param>
    /// <returns>The store.</returns>
    public static RedisStateStore Connect(RedisStateOptions options, TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(options);
        ValidateOptions(options);
        var configuration = options.Configuration?.Clone()
            ?? RedisConnectionSettings.Parse(
                options.ConnectionString ?? throw new ArgumentException("Caio:Redis:ConnectionString (REDIS_URL) is required for the Redis state backend.", nameof(options)),
                options.CommandTimeout);
        configuration.AbortOnConnectFail = false;
        var connection = ConnectionMultiplexer.Connect(configuration);
        return new RedisStateStore(connection, ownsConnection: true, options, timeProvider);
    }

    /// <summary>Checks that Redis answers (readiness).</summary>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>The round-trip time.</returns>
    /// <exception cref="StateUnavailableException">Redis does not answer.</exception>
    public async Task<TimeSpan> PingAsync(CancellationToken cancellationToken = default) =>
        await Run("ping", () => Db.PingAsync(), cancellationToken).ConfigureAwait(false);

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsConnection)
        {
            _connection.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_ownsConnection)
        {
            await _connection.DisposeAsync().ConfigureAwait(false);
        }
    }

    private IDatabase Db => _connection.GetDatabase();

    /// <inheritdoc />
    public async ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        var fields = await Run("get " + key, () => Db.HashGetAsync(_keys.Record(key), [(RedisValue)"v", (RedisValue)"d", (RedisValue)"em", (RedisValue)"et"]), cancellationToken).ConfigureAwait(false);
        if (fields[0].IsNull)
        {
            return null;
        }

        var expiresAt = ReadExpiry(fields[2], fields[3]);
        return StateRules.IsLive(expiresAt, _timeProvider.GetUtcNow())
            ? new StateEntry(key, (byte[])fields[1]!, (long)fields[0], expiresAt)
            : null;
    }

    /// <inheritdoc />
    public async ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        var result = await Eval("insert " + key, RedisScripts.TryInsert, [_keys.Record(key), _keys.RecordKeys], RecordArgs(key, value, expiresAt), cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <inheritdoc />
    public async ValueTask<long?> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, long expectedVersion, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        var result = (long)await Eval("compare-and-set " + key, RedisScripts.CompareAndSet, [_keys.Record(key), _keys.RecordKeys], [.. RecordArgs(key, value, expiresAt), expectedVersion], cancellationToken).ConfigureAwait(false);
        return result == 0 ? null : result;
    }

    /// <inheritdoc />
    public async ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        return (long)await Eval("put " + key, RedisScripts.Put, [_keys.Record(key), _keys.RecordKeys], RecordArgs(key, value, expiresAt), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async ValueTask<bool> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        var (ms, ticks) = Now();
        RedisValue expected = expectedVersion is { } v ? v : NoValue;
        var result = await Eval("delete " + key, RedisScripts.Delete, [_keys.Record(key), _keys.RecordKeys], [ms, ticks, key, expected], cancellationToken).ConfigureAwait(false);
        return (long)result == 1;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StateKeys.ValidatePrefix(prefix, nameof(prefix));
        var (min, max) = RedisKeyLayout.PrefixRange(prefix);
        var recordPrefix = _keys.Root + "rec:";
        while (true)
        {
            var (ms, ticks) = Now();
            var page = (RedisResult[])(await Eval("list " + prefix, RedisScripts.ListPage, [_keys.RecordKeys], [ms, ticks, min, max, PageSize, recordPrefix], cancellationToken).ConfigureAwait(false))!;
            for (var i = 1; i < page.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return (string)page[i]!;
            }

            var last = (string?)page[0];
            if (string.IsNullOrEmpty(last))
            {
                yield break;
            }

            min = "(" + last;
        }
    }

    /// <summary>The arguments every record write shares: now, key, value, expiry and the server-side time to live.</summary>
    private RedisValue[] RecordArgs(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt)
    {
        var now = _timeProvider.GetUtcNow();
        var (ms, ticks) = Split(now);
        var (em, et, ttl) = Expiry(expiresAt, now);
        return [ms, ticks, key, value, em, et, ttl];
    }

    private (RedisValue Ms, RedisValue Ticks) Now()
    {
        var (ms, ticks) = Split(_timeProvider.GetUtcNow());
        return (ms, ticks);
    }

    /// <summary>An expiry as the scripts store it, plus the server-side time to live that collects it later.</summary>
    private (RedisValue Em, RedisValue Et, RedisValue Ttl) Expiry(DateTimeOffset? expiresAt, DateTimeOffset now)
    {
        if (expiresAt is not { } at)
        {
            return (NoValue, NoValue, NoValue);
        }

        var (ms, ticks) = Split(at);
        var remaining = at > now ? at - now : TimeSpan.Zero;
        var ttl = (long)Math.Ceiling((remaining + _grace).TotalMilliseconds);
        return (ms, ticks, Math.Max(ttl, 1));
    }

    private static (long Ms, long Ticks) Split(DateTimeOffset at)
    {
        var ticks = at.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        var ms = Math.DivRem(ticks, TimeSpan.TicksPerMillisecond, out var rest);
        if (rest < 0)
        {
            ms--;
            rest += TimeSpan.TicksPerMillisecond;
        }

        return (ms, rest);
    }

    private static DateTimeOffset? ReadExpiry(RedisValue em, RedisValue et) =>
        em.IsNullOrEmpty
            ? null
            : DateTimeOffset.UnixEpoch.AddTicks(((long)em * TimeSpan.TicksPerMillisecond) + (long)et);

    private static string FormatScore(double score) => score switch
    {
        double.PositiveInfinity => "+inf",
        double.NegativeInfinity => "-inf",
        _ => score.ToString("R", CultureInfo.InvariantCulture),
    };

    private static void ValidateOptions(RedisStateOptions options)
    {
        StateKeys.Validate(options.KeyPrefix, "Caio:Redis:KeyPrefix");
        StateKeys.Validate(options.EnvironmentName, "Caio:Redis:EnvironmentName");
        if (options.ExpiryGrace < TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.ExpiryGrace, "Caio:Redis:ExpiryGrace must not be negative.");
        }
    }
}
