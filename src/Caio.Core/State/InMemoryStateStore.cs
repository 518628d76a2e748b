using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Caio.State.Internal;

namespace Caio.State;

/// <summary>
/// An <see cref="IStateStore"/> held in process memory: for tests, samples and single-process runs
/// that need no persistence. Thread-safe; every primitive is atomic. Expiry is evaluated lazily
/// against the injected <see cref="TimeProvider"/>.
/// </summary>
/// <remarks>
/// Records, counters, indexes, logs and leases are five separate namespaces, each guarded by its
/// own lock. Values are copied on the way in, so callers may reuse their buffers.
/// </remarks>
public sealed partial class InMemoryStateStore : IStateStore
{
    private readonly TimeProvider _timeProvider;
    private readonly Lock _recordsGate = new();
    private readonly Lock _countersGate = new();
    private readonly Lock _indexesGate = new();
    private readonly Lock _logsGate = new();
    private readonly Lock _leasesGate = new();
    private readonly Dictionary<string, StateEntry> _records = new(StringComparer.Ordinal);
    private readonly Dictionary<string, CounterSlot> _counters = new(StringComparer.Ordinal);
    private readonly Dictionary<string, IndexSlot> _indexes = new(StringComparer.Ordinal);
    private readonly Dictionary<string, List<ReadOnlyMemory<byte>>> _logs = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LeaseSlot> _leases = new(StringComparer.Ordinal);

    /// <summary>Creates an empty store.</summary>
    /// <param name="timeProvider">The clock expiry is evaluated against.</param>
    public InMemoryStateStore(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <inheritdoc />
    public ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_recordsGate)
        {
            return ValueTask.FromResult(LiveRecord(key, _timeProvider.GetUtcNow()));
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        cancellationToken.ThrowIfCancellationRequested();
        var copy = value.ToArray();
        lock (_recordsGate)
        {
            if (LiveRecord(key, _timeProvider.GetUtcNow()) is not null)
            {
                return ValueTask.FromResult(false);
            }

            _records[key] = new StateEntry(key, copy, 1, expiresAt);
            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public ValueTask<long?> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, long expectedVersion, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        ValidateValue(value);
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        cancellationToken.ThrowIfCancellationRequested();
        var copy = value.ToArray();
        lock (_recordsGate)
        {
            // One lookup: the entry's place in the table is found once, read and, when the version matches, written.
            ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(_records, key, out var exists);
            var currentVersion = exists && StateRules.IsLive(slot!.ExpiresAt, _timeProvider.GetUtcNow()) ? slot.Version : 0;
            if (currentVersion != expectedVersion)
            {
                if (!exists)
                {
                    _records.Remove(key);
                }

                return ValueTask.FromResult<long?>(null);
            }

            var version = currentVersion + 1;
            slot = new StateEntry(key, copy, version, expiresAt);
            return ValueTask.FromResult<long?>(version);
        }
    }

    /// <inheritdoc />
    public ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        cancellationToken.ThrowIfCancellationRequested();
        var copy = value.ToArray();
        lock (_recordsGate)
        {
            var version = (LiveRecord(key, _timeProvider.GetUtcNow())?.Version ?? 0) + 1;
            _records[key] = new StateEntry(key, copy, version, expiresAt);
            return ValueTask.FromResult(version);
        }
    }

    /// <inheritdoc />
    public ValueTask<bool> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(key, nameof(key));
        cancellationToken.ThrowIfCancellationRequested();
        lock (_recordsGate)
        {
            // One lookup in the usual case (the entry is there and matches); put back when it does not.
            if (!_records.Remove(key, out var current))
            {
                return ValueTask.FromResult(false);
            }

            if (!StateRules.IsLive(current.ExpiresAt, _timeProvider.GetUtcNow()))
            {
                return ValueTask.FromResult(false);
            }

            if (expectedVersion is { } expected && current.Version != expected)
            {
                _records[key] = current;
                return ValueTask.FromResult(false);
            }

            return ValueTask.FromResult(true);
        }
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<string> ListKeysAsync(string prefix, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        StateKeys.ValidatePrefix(prefix, nameof(prefix));
        cancellationToken.ThrowIfCancellationRequested();
        List<string> keys = [];
        lock (_recordsGate)
        {
            var now = _timeProvider.GetUtcNow();
            foreach (var (key, entry) in _records)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal) && StateRules.IsLive(entry.ExpiresAt, now))
                {
                    keys.Add(key);
                }
            }
        }

        keys.Sort(StringComparer.Ordinal);
        foreach (var key in keys)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return key;
        }

        await Task.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        cancellationToken.ThrowIfCancellationRequested();

        // Always records before indexes: the single-key calls take one of the two, so this order
        // cannot deadlock with them or with another commit.
        lock (_recordsGate)
        {
            lock (_indexesGate)
            {
                var now = _timeProvider.GetUtcNow();
                foreach (var condition in transaction.Conditions)
                {
                    var current = LiveRecord(condition.Key, now)?.Version ?? 0;
                    if (!condition.IsMetBy(current))
                    {
                        return ValueTask.FromResult(StateCommitResult.Conflict(condition, current));
                    }
                }

                var versions = new Dictionary<string, long>(StringComparer.Ordinal);
                foreach (var write in transaction.Writes)
                {
                    switch (write.Kind)
                    {
                        case StateWriteKind.Put:
                            var version = (LiveRecord(write.Key, now)?.Version ?? 0) + 1;
                            _records[write.Key] = new StateEntry(write.Key, write.Value, version, write.ExpiresAt);
                            versions[write.Key] = version;
                            break;
                        case StateWriteKind.Delete:
                            _records.Remove(write.Key);
                            break;
                        case StateWriteKind.IndexAdd:
                            SetIndexMember(write.Key, write.Member!, write.Score);
                            break;
                        default:
                            RemoveIndexMember(write.Key, write.Member!);
                            break;
                    }
                }

                return ValueTask.FromResult(StateCommitResult.Success(versions));
            }
        }
    }

    /// <summary>
    /// <see cref="StateRules.ValidateValue"/>, with a short cut for a plain non-negative integer (a valid JSON
    /// document that needs no parser), the form of time stamps and counts kept as records.
    /// </summary>
    private static void ValidateValue(ReadOnlyMemory<byte> value)
    {
        var span = value.Span;
        if (span.Length is > 0 and <= 18 && (span[0] != (byte)'0' || span.Length == 1) && span.IndexOfAnyExceptInRange((byte)'0', (byte)'9') < 0)
        {
            return;
        }

        StateRules.ValidateValue(value, nameof(value));
    }

    private StateEntry? LiveRecord(string key, DateTimeOffset now)
    {
        if (!_records.TryGetValue(key, out var entry))
        {
            return null;
        }

        if (StateRules.IsLive(entry.ExpiresAt, now))
        {
            return entry;
        }

        _records.Remove(key);
        return null;
    }
}
