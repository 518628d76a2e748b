using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Caio.State;

namespace Caio.AspNetCore.Webhooks;

/// <summary>One accepted webhook waiting in the inbox; <paramref name="Retried"/> when an earlier attempt to process it failed.</summary>
internal sealed record InboxEntry(string Key, string Provider, string EventId, string? RouteEvent, DateTimeOffset ReceivedAt, byte[] Body, bool Retried);

/// <summary>The inbox cannot store a body (it is not one JSON document, or is nested too deeply): the request is answered 400 with the reason.</summary>
internal sealed class InboxRefusedException(string reason, Exception? innerException = null) : Exception(reason, innerException);

/// <summary>
/// The durable inbox: a webhook is answered 2xx only after one atomic commit wrote its dedupe marker (kept
/// for the dedupe horizon) and its inbox record. The processor removes the record and writes the processed
/// marker in one commit, so an event is processed once and survives a restart in between.
/// </summary>
internal sealed partial class WebhookInbox(IStateStore store, TimeProvider time)
{
    /// <summary>The events waiting to be processed, scored by when they are due (their receive time until an attempt fails).</summary>
    public const string Index = "webhooks:inbox";

    /// <summary>
    /// The deepest nesting of a body the inbox can store: the state store accepts values at most
    /// <see cref="StoreMaxValueDepth"/> levels deep, and the body sits inside the inbox record (one level).
    /// </summary>
    public const int MaxBodyDepth = StoreMaxValueDepth - InboxRecordLevels;

    /// <summary>The deepest value every state store accepts and reads back (the JSON reader's default depth).</summary>
    private const int StoreMaxValueDepth = 64;

    /// <summary>The inbox record, <c>{"provider":…,"body":…}</c>.</summary>
    private const int InboxRecordLevels = 1;

    public static string Hash(string provider, string eventId) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(provider + "\n" + eventId)))[..40];

    /// <summary>
    /// Accepts an event; <see langword="false"/> when the same event id was accepted within the horizon.
    /// Returns only after the event's dedupe marker and inbox record are durable: concurrent accepts are
    /// committed together as one group (<see cref="CommitGroupAsync"/>). A body the inbox cannot store is refused
    /// with an <see cref="InboxRefusedException"/> before anything is written.
    /// </summary>
    public async ValueTask<bool> AcceptAsync(string provider, string eventId, string? routeEvent, string authMethod, ReadOnlyMemory<byte> jsonBody, TimeSpan horizon, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!TryValidateBody(jsonBody.Span, out var refusal))
        {
            throw new InboxRefusedException(refusal);
        }
        var now = time.GetUtcNow();
        var hash = Hash(provider, eventId);
        var seen = $"webhooks:seen:{provider}:{hash}";
        var key = $"webhooks:event:{provider}:{hash}";
        var buffer = new ArrayBufferWriter<byte>(jsonBody.Length + 256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("provider", provider);
            writer.WriteString("eventId", eventId);
            writer.WriteString("routeEvent", routeEvent);
            writer.WriteString("auth", authMethod);
            writer.WriteString("receivedAt", now);
            writer.WritePropertyName("body");
            writer.WriteRawValue(jsonBody.Span, skipInputValidation: true);
            writer.WriteEndObject();
        }

        var marker = JsonSerializer.SerializeToUtf8Bytes(new { at = now, key });
        var accept = new PendingAccept(seen, key, marker, buffer.WrittenMemory, now + horizon, now.ToUnixTimeMilliseconds());
        _waiting.Enqueue(accept);

        // The request is already queued, so it is committed even if its caller goes away: the group's
        // writer must not abandon it half-way. Whoever holds the gate commits everything queued so far.
        await _gate.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            if (!accept.Completion.Task.IsCompleted)
            {
                await CommitWaitingAsync().ConfigureAwait(false);
            }
        }
        finally
        {
            _gate.Release();
        }

        return await accept.Completion.Task.ConfigureAwait(false);
    }

    /// <summary>
    /// Whether <paramref name="body"/> is one JSON document the inbox can store and read back: at most
    /// <see cref="MaxBodyDepth"/> levels deep. Otherwise <paramref name="error"/> says why.
    /// </summary>
    public static bool TryValidateBody(ReadOnlySpan<byte> body, [NotNullWhen(false)] out string? error)
    {
        error = null;
        try
        {
            // One level more than accepted, so the reader reaches the first level too deep and the reason can say so.
            var reader = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = MaxBodyDepth + 1 });
            while (reader.Read())
            {
                if ((reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray) && reader.CurrentDepth >= MaxBodyDepth)
                {
                    error = $"the body is nested deeper than {MaxBodyDepth} levels";
                    return false;
                }
            }

            return true;
        }
        catch (JsonException ex)
        {
            error = ex.Message.Split(" Path:", 2)[0];
            return false;
        }
    }

    /// <summary>The oldest events that are due (received, or due for a retry, at or before now), at most <paramref name="limit"/>.</summary>
    public async ValueTask<IReadOnlyList<IndexEntry>> PendingAsync(int limit, CancellationToken cancellationToken) =>
        await store.IndexRangeAsync(Index, double.MinValue, time.GetUtcNow().ToUnixTimeMilliseconds(), limit, cancellationToken).ConfigureAwait(false);

    /// <summary>Reads a due event; <see langword="null"/> when its record is gone.</summary>
    public async ValueTask<InboxEntry?> ReadAsync(IndexEntry due, CancellationToken cancellationToken)
    {
        var key = due.Member;
        if (await store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not { } entry)
        {
            return null;
        }

        using var document = JsonDocument.Parse(entry.Value);
        var root = document.RootElement;
        var receivedAt = root.GetProperty("receivedAt").GetDateTimeOffset();
        return new InboxEntry(
            key,
            root.GetProperty("provider").GetString()!,
            root.GetProperty("eventId").GetString()!,
            root.TryGetProperty("routeEvent", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null,
            receivedAt,
            Encoding.UTF8.GetBytes(root.GetProperty("body").GetRawText()),
            Retried: due.Score > receivedAt.ToUnixTimeMilliseconds()); // accepted at its receive time; a failure moves it later
    }

    /// <summary>
    /// Moves a processed event out of the inbox, keeping a processed marker (with its outcome) for the horizon. It also
    /// leaves the failing index and loses its failure record, whether or not this process saw it fail: another process
    /// may have recorded a failure of the same event meanwhile (both are no-ops when absent).
    /// </summary>
    public async ValueTask CompleteAsync(InboxEntry entry, string outcome, TimeSpan horizon, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var done = JsonSerializer.SerializeToUtf8Bytes(new { provider = entry.Provider, eventId = entry.EventId, outcome, processedAt = now });
        var transaction = new StateTransaction()
            .RequireExists(entry.Key)
            .Delete(entry.Key)
            .IndexRemove(Index, entry.Key)
            .Put(entry.Key.Replace("webhooks:event:", "webhooks:processed:", StringComparison.Ordinal), done, now + horizon)
            .IndexRemove(FailingIndex, entry.Key)
            .Delete(FailureKey(entry.Key));
        await store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Moves an event to the longest retry delay without touching its failure record: for a failure that could not be
    /// recorded (its failure record cannot be read), so the event still never holds back the ones behind it.
    /// </summary>
    public ValueTask PostponeAsync(string key, CancellationToken cancellationToken) =>
        store.IndexAddAsync(Index, key, (time.GetUtcNow() + RetryMaxDelay).ToUnixTimeMilliseconds(), cancellationToken);

    /// <summary>Removes an index entry whose event record is gone (completed by another process meanwhile).</summary>
    public async ValueTask RemoveStaleAsync(string key, CancellationToken cancellationToken)
    {
        var transaction = new StateTransaction()
            .RequireVersion(key, 0)
            .IndexRemove(Index, key)
            .IndexRemove(FailingIndex, key)
            .Delete(FailureKey(key));
        await store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
    }
}
