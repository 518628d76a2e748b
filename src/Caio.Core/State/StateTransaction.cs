using Caio.State.Internal;

namespace Caio.State;

/// <summary>
/// A small multi-key atomic write for <see cref="IStateStore.CommitAsync"/>: conditions on records
/// and writes to records and sorted indexes, applied together or not at all — also when the writing
/// process dies part-way.
/// </summary>
/// <remarks>
/// <para>
/// Conditions are checked against live records (an expired record is absent). When every condition
/// holds, every write is applied; otherwise nothing changes and the result names the first condition
/// that failed. A transaction names each record at most once among its conditions and at most once
/// among its writes (a condition and a write on the same key is the usual compare-and-set), and each
/// index member at most once; anything else is refused with an <see cref="ArgumentException"/> when
/// it is added. Keys, values and scores are validated exactly like the single-key calls.
/// </para>
/// <para>
/// Counters, logs and leases are not part of a transaction: counters and leases are already single
/// atomic steps, and log records are facts appended after the state they describe.
/// </para>
/// </remarks>
/// <example>
/// <code>
/// var transaction = new StateTransaction()
///     .RequireVersion("queue:dedup:abc", 0)
///     .Put("queue:dedup:abc", marker)
///     .RequireVersion("queue:item:42", 0)
///     .Put("queue:item:42", item)
///     .IndexAdd("queue:status:pending", "42", createdAtMs);
/// var result = await store.CommitAsync(transaction, cancellationToken);
/// </code>
/// </example>
public sealed class StateTransaction
{
    private readonly List<StateCondition> _conditions = [];
    private readonly List<StateWrite> _writes = [];
    private readonly HashSet<string> _conditionKeys = new(StringComparer.Ordinal);
    private readonly HashSet<string> _recordWrites = new(StringComparer.Ordinal);
    private readonly HashSet<(string Index, string Member)> _indexWrites = [];

    /// <summary>The conditions, in the order they were added (and are reported).</summary>
    public IReadOnlyList<StateCondition> Conditions => _conditions;

    /// <summary>The writes, in the order they were added.</summary>
    public IReadOnlyList<StateWrite> Writes => _writes;

    /// <summary>Requires a record to be at <paramref name="expectedVersion"/> (0 = absent or expired).</summary>
    /// <param name="key">The record key.</param>
    /// <param name="expectedVersion">The version the caller read, or 0 for absent.</param>
    /// <returns>This transaction.</returns>
    public StateTransaction RequireVersion(string key, long expectedVersion)
    {
        StateKeys.Validate(key, nameof(key));
        ArgumentOutOfRangeException.ThrowIfNegative(expectedVersion);
        return AddCondition(key, expectedVersion);
    }

    /// <summary>Requires a record to be live, at any version.</summary>
    /// <param name="key">The record key.</param>
    /// <returns>This transaction.</returns>
    public StateTransaction RequireExists(string key)
    {
        StateKeys.Validate(key, nameof(key));
        return AddCondition(key, null);
    }

    /// <summary>Writes a record; its version becomes the current one plus one (1 when absent).</summary>
    /// <param name="key">The record key.</param>
    /// <param name="value">One UTF-8 JSON document (copied).</param>
    /// <param name="expiresAt">Absolute expiry, or <see langword="null"/> to keep forever.</param>
    /// <returns>This transaction.</returns>
    public StateTransaction Put(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null)
    {
        StateKeys.Validate(key, nameof(key));
        StateRules.ValidateValue(value, nameof(value));
        AddRecordWrite(key);
        _writes.Add(new StateWrite(StateWriteKind.Put, key, null, value.ToArray(), expiresAt, 0));
        return this;
    }

    /// <summary>Deletes a record (nothing happens when it is absent).</summary>
    /// <param name="key">The record key.</param>
    /// <returns>This transaction.</returns>
    public StateTransaction Delete(string key)
    {
        StateKeys.Validate(key, nameof(key));
        AddRecordWrite(key);
        _writes.Add(new StateWrite(StateWriteKind.Delete, key, null, ReadOnlyMemory<byte>.Empty, null, 0));
        return this;
    }

    /// <summary>Adds or re-scores a member of a sorted index.</summary>
    /// <param name="index">Index name.</param>
    /// <param name="member">Member.</param>
    /// <param name="score">Sort score (not NaN).</param>
    /// <returns>This transaction.</returns>
    public StateTransaction IndexAdd(string index, string member, double score)
    {
        StateKeys.Validate(index, nameof(index));
        ArgumentNullException.ThrowIfNull(member);
        StateRules.ValidateScore(score, nameof(score));
        AddIndexWrite(index, member);
        _writes.Add(new StateWrite(StateWriteKind.IndexAdd, index, member, ReadOnlyMemory<byte>.Empty, null, score));
        return this;
    }

    /// <summary>Removes a member from a sorted index (nothing happens when it is absent).</summary>
    /// <param name="index">Index name.</param>
    /// <param name="member">Member.</param>
    /// <returns>This transaction.</returns>
    public StateTransaction IndexRemove(string index, string member)
    {
        StateKeys.Validate(index, nameof(index));
        ArgumentNullException.ThrowIfNull(member);
        AddIndexWrite(index, member);
        _writes.Add(new StateWrite(StateWriteKind.IndexRemove, index, member, ReadOnlyMemory<byte>.Empty, null, 0));
        return this;
    }

    private StateTransaction AddCondition(string key, long? expectedVersion)
    {
        if (!_conditionKeys.Add(key))
        {
            throw new ArgumentException($"The transaction already has a condition on '{key}'.", nameof(key));
        }

        _conditions.Add(new StateCondition(key, expectedVersion));
        return this;
    }

    private void AddRecordWrite(string key)
    {
        if (!_recordWrites.Add(key))
        {
            throw new ArgumentException($"The transaction already writes the record '{key}'.", nameof(key));
        }
    }

    private void AddIndexWrite(string index, string member)
    {
        if (!_indexWrites.Add((index, member)))
        {
            throw new ArgumentException($"The transaction already changes member '{member}' of the index '{index}'.", nameof(member));
        }
    }
}
