using System.Buffers;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace Caio.State;

/// <summary>
/// Typed access to an <see cref="IStateStore"/> for domain stores: values are serialized with a
/// caller-supplied <see cref="JsonTypeInfo{T}"/> (from a source-generated context), always compact.
/// </summary>
public static class StateJson
{
    private static readonly JsonWriterOptions CompactWriter = new() { Indented = false };

    /// <summary>Reads and deserializes a record.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="key">The record key.</param>
    /// <param name="typeInfo">Serialization metadata for <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The value and its version, or <see langword="null"/> when absent or expired. A stored JSON <c>null</c> yields <see langword="default"/>.</returns>
    public static async ValueTask<(T Value, long Version)?> GetJsonAsync<T>(this IStateStore store, string key, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(typeInfo);
        var entry = await store.GetAsync(key, cancellationToken);
        return entry is null ? null : (JsonSerializer.Deserialize(entry.Value.Span, typeInfo)!, entry.Version);
    }

    /// <summary>Serializes and inserts a record only when the key is absent (or expired).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="key">The record key.</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">Serialization metadata for <typeparamref name="T"/>.</param>
    /// <param name="expiresAt">Absolute expiry, or <see langword="null"/> to keep forever.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns><see langword="true"/> when this call created the record.</returns>
    public static ValueTask<bool> TryInsertJsonAsync<T>(this IStateStore store, string key, T value, JsonTypeInfo<T> typeInfo, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.TryInsertAsync(key, Serialize(value, typeInfo), expiresAt, cancellationToken);
    }

    /// <summary>Serializes and replaces a record only at <paramref name="expectedVersion"/> (0 = must be absent).</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="key">The record key.</param>
    /// <param name="value">The new value.</param>
    /// <param name="expectedVersion">The version the caller read, or 0 for absent.</param>
    /// <param name="typeInfo">Serialization metadata for <typeparamref name="T"/>.</param>
    /// <param name="expiresAt">Absolute expiry, or <see langword="null"/> to keep forever.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new version, or <see langword="null"/> when the record changed meanwhile.</returns>
    public static ValueTask<long?> CompareAndSetJsonAsync<T>(this IStateStore store, string key, T value, long expectedVersion, JsonTypeInfo<T> typeInfo, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.CompareAndSetAsync(key, Serialize(value, typeInfo), expectedVersion, expiresAt, cancellationToken);
    }

    /// <summary>Serializes and writes a record unconditionally.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="key">The record key.</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">Serialization metadata for <typeparamref name="T"/>.</param>
    /// <param name="expiresAt">Absolute expiry, or <see langword="null"/> to keep forever.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The new version.</returns>
    public static ValueTask<long> PutJsonAsync<T>(this IStateStore store, string key, T value, JsonTypeInfo<T> typeInfo, DateTimeOffset? expiresAt = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.PutAsync(key, Serialize(value, typeInfo), expiresAt, cancellationToken);
    }

    /// <summary>Serializes a value and adds its write to a transaction.</summary>
    /// <typeparam name="T">The value type.</typeparam>
    /// <param name="transaction">The transaction.</param>
    /// <param name="key">The record key.</param>
    /// <param name="value">The value.</param>
    /// <param name="typeInfo">Serialization metadata for <typeparamref name="T"/>.</param>
    /// <param name="expiresAt">Absolute expiry, or <see langword="null"/> to keep forever.</param>
    /// <returns>The transaction.</returns>
    public static StateTransaction PutJson<T>(this StateTransaction transaction, string key, T value, JsonTypeInfo<T> typeInfo, DateTimeOffset? expiresAt = null)
    {
        ArgumentNullException.ThrowIfNull(transaction);
        return transaction.Put(key, Serialize(value, typeInfo), expiresAt);
    }

    /// <summary>Serializes (on one line) and appends a record to a log.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="log">Log name.</param>
    /// <param name="record">The record.</param>
    /// <param name="typeInfo">Serialization metadata for <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>The record's position (0-based).</returns>
    public static ValueTask<long> AppendJsonAsync<T>(this IStateStore store, string log, T record, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        return store.AppendAsync(log, Serialize(record, typeInfo), cancellationToken);
    }

    /// <summary>Serializes (each on one line) and appends several records to a log as one group (<see cref="IStateStore.AppendManyAsync"/>).</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="log">Log name.</param>
    /// <param name="records">The records, in order.</param>
    /// <param name="typeInfo">Serialization metadata for <typeparamref name="T"/>.</param>
    /// <param name="cancellationToken">Cancels the append.</param>
    /// <returns>The first record's position (0-based).</returns>
    public static ValueTask<long> AppendJsonManyAsync<T>(this IStateStore store, string log, IReadOnlyList<T> records, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(records);
        var lines = new ReadOnlyMemory<byte>[records.Count];
        for (var i = 0; i < lines.Length; i++)
        {
            lines[i] = Serialize(records[i], typeInfo);
        }

        return store.AppendManyAsync(log, lines, cancellationToken);
    }

    /// <summary>Reads and deserializes a log from a position.</summary>
    /// <typeparam name="T">The record type.</typeparam>
    /// <param name="store">The store.</param>
    /// <param name="log">Log name.</param>
    /// <param name="typeInfo">Serialization metadata for <typeparamref name="T"/>.</param>
    /// <param name="fromPosition">First position to read (0-based).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>Positions and records in append order.</returns>
    public static async IAsyncEnumerable<(long Position, T Record)> ReadLogJsonAsync<T>(this IStateStore store, string log, JsonTypeInfo<T> typeInfo, long fromPosition = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(typeInfo);
        await foreach (var record in store.ReadLogAsync(log, fromPosition, cancellationToken))
        {
            yield return (record.Position, JsonSerializer.Deserialize(record.Value.Span, typeInfo)!);
        }
    }

    private static ReadOnlyMemory<byte> Serialize<T>(T value, JsonTypeInfo<T> typeInfo)
    {
        ArgumentNullException.ThrowIfNull(typeInfo);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, CompactWriter))
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }

        return buffer.WrittenMemory;
    }
}
