namespace Caio.State;

/// <summary>
/// The few atomic primitives every domain store (review queue, batches, send ledger, counters,
/// suppression, audit, run reports) is written on. Backends (in-memory, file, Redis) implement
/// exactly this contract and pass the same contract test suite; domain stores never see which
/// backend they run on.
/// </summary>
/// <remarks>
/// Keys are opaque strings made of <c>[A-Za-z0-9:_.@+-]</c> segments separated by <c>:</c>; callers
/// namespace them (<c>queue:item:&lt;id&gt;</c>). Values are UTF-8 JSON documents. Versions start at 1
/// and grow by one on every successful write of a key. Expiry is evaluated against the store's
/// <see cref="TimeProvider"/>.
/// <para>
/// Clarifications every backend follows (the contract test suite checks them): a record, counter or
/// lease whose expiry is at or before now is absent; a key written again after it was deleted or
/// expired starts again at version 1. Records, counters, sorted indexes, logs and leases are five
/// separate namespaces: the same string may name a record and a counter without either seeing the
/// other, and <see cref="ListKeysAsync"/> lists records only. Keys outside the allowed characters,
/// values that are not one JSON document (at most 64 levels deep) and log records with line breaks are refused
/// with an <see cref="ArgumentException"/>; every value accepted reads back.
/// </para>
/// </remarks>
public partial interface IStateStore
{
    /// <summary>Reads a record.</summary>
    /// <param name="key">The record key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The record, or <see langword="null"/> when absent or expired.</returns>
    ValueTask<StateEntry?> GetAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Writes a record only when the key is absent (or expired).</summary>
    /// <param name="key">The record key.</param>
    /// <param name="value">The value.</param>
    /// <param name="expiresAt">Absolute expiry, or <see langword="null"/> to keep forever.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when this call created the record.</returns>
    ValueTask<bool> TryInsertAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default);

    /// <summary>
    /// Replaces a record only when its current version is <paramref name="expectedVersion"/>
    /// (0 means "must be absent").
    /// </summary>
    /// <param name="key">The record key.</param>
    /// <param name="value">The new value.</param>
    /// <param name="expectedVersion">The version the caller read, or 0 for absent.</param>
    /// <param name="expiresAt">Absolute expiry, or <see langword="null"/> to keep forever.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new version, or <see langword="null"/> when the record changed meanwhile.</returns>
    ValueTask<long?> CompareAndSetAsync(string key, ReadOnlyMemory<byte> value, long expectedVersion, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default);

    /// <summary>Writes a record unconditionally.</summary>
    /// <param name="key">The record key.</param>
    /// <param name="value">The value.</param>
    /// <param name="expiresAt">Absolute expiry, or <see langword="null"/> to keep forever.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new version.</returns>
    ValueTask<long> PutAsync(string key, ReadOnlyMemory<byte> value, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default);

    /// <summary>Deletes a record, optionally only at a given version.</summary>
    /// <param name="key">The record key.</param>
    /// <param name="expectedVersion">Delete only at this version; <see langword="null"/> deletes whatever is there.</param>
    /// <param name="cancellationToken">Cancels the delete.</param>
    /// <returns><see langword="true"/> when a record was deleted.</returns>
    ValueTask<bool> DeleteAsync(string key, long? expectedVersion = null, CancellationToken cancellationToken = default);

    /// <summary>Lists the keys that start with <paramref name="prefix"/>, in ordinal order.</summary>
    /// <param name="prefix">Key prefix, e.g. <c>queue:item:</c>.</param>
    /// <param name="cancellationToken">Cancels the listing.</param>
    /// <returns>Matching live keys.</returns>
    IAsyncEnumerable<string> ListKeysAsync(string prefix, CancellationToken cancellationToken = default);

    /// <summary>
    /// Applies a multi-key transaction atomically: when every condition holds, every record and index
    /// write is applied; otherwise nothing changes. All or nothing also when the writing process dies
    /// part-way (a durable backend finishes an interrupted commit before anyone reads or writes what
    /// it touched).
    /// </summary>
    /// <param name="transaction">The conditions and writes.</param>
    /// <param name="cancellationToken">Cancels the commit before anything is written.</param>
    /// <returns>Whether it committed, the first failed condition when not, and the new record versions.</returns>
    /// <remarks>
    /// Concurrent commits and single-key calls on overlapping keys are serialized: of two commits that
    /// both require the version they read, at most one applies. A commit that throws may or may not
    /// have taken effect, exactly like a single-key write; callers that must know re-read.
    /// </remarks>
    ValueTask<StateCommitResult> CommitAsync(StateTransaction transaction, CancellationToken cancellationToken = default);

    /// <summary>
    /// The cap primitive: atomically adds <paramref name="delta"/> to a counter only when the result
    /// stays within <c>[0, limit]</c>. A negative delta releases an earlier reservation.
    /// </summary>
    /// <param name="key">Counter key, typically including its window, e.g. <c>cap:daily:2026-11-22</c>.</param>
    /// <param name="delta">Amount to add (negative to release).</param>
    /// <param name="limit">Upper bound the counter may reach.</param>
    /// <param name="expiresAt">Expiry of the window, applied when the counter is created.</param>
    /// <param name="cancellationToken">Cancels the increment.</param>
    /// <returns>Whether the increment was applied and the counter's value afterwards.</returns>
    /// <remarks>
    /// Precisely: a positive delta is refused when the result would exceed <paramref name="limit"/>;
    /// a negative delta is refused when the result would fall below 0 (so a release still applies when
    /// the limit was lowered meanwhile); a zero delta always applies. A refused call changes nothing.
    /// An absent or expired counter counts as 0 and takes <paramref name="expiresAt"/> when this call
    /// creates it; later calls never move an existing window's expiry.
    /// </remarks>
    ValueTask<CounterResult> IncrementAsync(string key, long delta, long limit, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default);

    /// <summary>Reads a counter (0 when absent or expired).</summary>
    /// <param name="key">Counter key.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counter's value.</returns>
    ValueTask<long> GetCounterAsync(string key, CancellationToken cancellationToken = default);

    /// <summary>Adds or re-scores a member of a sorted index.</summary>
    /// <param name="index">Index name.</param>
    /// <param name="member">Member (typically a record id).</param>
    /// <param name="score">Sort score (e.g. due time in Unix milliseconds).</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task that completes when the member is stored.</returns>
    ValueTask IndexAddAsync(string index, string member, double score, CancellationToken cancellationToken = default);

    /// <summary>Removes a member from a sorted index.</summary>
    /// <param name="index">Index name.</param>
    /// <param name="member">Member to remove.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when the member was present.</returns>
    ValueTask<bool> IndexRemoveAsync(string index, string member, CancellationToken cancellationToken = default);

    /// <summary>Reads members whose score lies in <c>[min, max]</c>, lowest score first (ties by member, ordinal).</summary>
    /// <param name="index">Index name.</param>
    /// <param name="min">Lowest score, inclusive.</param>
    /// <param name="max">Highest score, inclusive.</param>
    /// <param name="limit">Maximum members to return, or <see langword="null"/> for all.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The members in order.</returns>
    ValueTask<IReadOnlyList<IndexEntry>> IndexRangeAsync(string index, double min, double max, int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>Appends a record to an append-only log.</summary>
    /// <param name="log">Log name, e.g. <c>audit</c>.</param>
    /// <param name="record">One UTF-8 JSON document (no line breaks).</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>The record's position (0-based).</returns>
    ValueTask<long> AppendAsync(string log, ReadOnlyMemory<byte> record, CancellationToken cancellationToken = default);

    /// <summary>Reads an append-only log from a position.</summary>
    /// <param name="log">Log name.</param>
    /// <param name="fromPosition">First position to read (0-based).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Records in append order.</returns>
    IAsyncEnumerable<LogRecord> ReadLogAsync(string log, long fromPosition = 0, CancellationToken cancellationToken = default);

    /// <summary>
    /// Tries to take a lease lock. A lease carries a fencing token that grows with every grant of
    /// the same name, so writes protected by the lock can refuse a stale holder.
    /// </summary>
    /// <param name="name">Lock name.</param>
    /// <param name="ttl">How long the lease lives unless renewed.</param>
    /// <param name="cancellationToken">Cancels the attempt.</param>
    /// <returns>The lease, or <see langword="null"/> when another holder has it.</returns>
    ValueTask<Lease?> TryAcquireLeaseAsync(string name, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Extends a lease still held by its owner.</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="ttl">New time to live from now.</param>
    /// <param name="cancellationToken">Cancels the renewal.</param>
    /// <returns>
    /// <see langword="true"/> when the lease was still held and is extended; <see langword="false"/> once
    /// it has expired (even if nobody took it over), so a holder never renews a lease it may have lost.
    /// </returns>
    ValueTask<bool> RenewLeaseAsync(Lease lease, TimeSpan ttl, CancellationToken cancellationToken = default);

    /// <summary>Releases a lease (compare-and-delete on its token: never releases someone else's lease).</summary>
    /// <param name="lease">The lease.</param>
    /// <param name="cancellationToken">Cancels the release.</param>
    /// <returns>
    /// <see langword="true"/> when this lease was held (same token and fencing token, not expired) and is
    /// now released. The lock's fencing token is kept, so the next grant still gets a larger one.
    /// </returns>
    ValueTask<bool> ReleaseLeaseAsync(Lease lease, CancellationToken cancellationToken = default);
}
