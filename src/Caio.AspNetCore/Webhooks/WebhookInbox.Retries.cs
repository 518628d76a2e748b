using System.Text.Json;
using Caio.State;

namespace Caio.AspNetCore.Webhooks;

/// <summary>How many times an inbox event failed, since when, and when it is tried next.</summary>
internal sealed record InboxFailure(int Attempts, DateTimeOffset FirstFailedAt, DateTimeOffset LastFailedAt, DateTimeOffset NextAttemptAt, string LastError);

/// <summary>
/// Retries of events that fail processing. A failing event is never dropped and never holds back the events behind
/// it: each failure moves the event's place in the inbox index to when its next attempt is due, after a delay that
/// doubles from <see cref="RetryBaseDelay"/> up to <see cref="RetryMaxDelay"/>, and the processor only takes events
/// that are due. The failure count lives in a small record of its own, so it can be kept even for an event whose
/// record cannot be read. While it keeps failing, the event is listed in <see cref="FailingIndex"/>.
/// </summary>
internal sealed partial class WebhookInbox
{
    /// <summary>Events that failed and have not been processed since, scored by their first failure.</summary>
    public const string FailingIndex = "webhooks:failing";

    /// <summary>The delay before the first retry.</summary>
    internal static readonly TimeSpan RetryBaseDelay = TimeSpan.FromSeconds(1);

    /// <summary>The longest delay between two attempts: an event that failed because the state store was down is applied at most this long after it is back.</summary>
    internal static readonly TimeSpan RetryMaxDelay = TimeSpan.FromMinutes(5);

    private const int MaxErrorLength = 500;

    /// <summary>The failure record of an inbox event.</summary>
    public static string FailureKey(string key) => key.Replace("webhooks:event:", "webhooks:failure:", StringComparison.Ordinal);

    /// <summary>The delay after the <paramref name="attempts"/>-th failed attempt: 1 s, 2 s, 4 s, … up to <see cref="RetryMaxDelay"/>.</summary>
    public static TimeSpan RetryDelay(int attempts)
    {
        var doublings = Math.Clamp(attempts - 1, 0, 30);
        var ticks = RetryBaseDelay.Ticks * (1L << doublings);
        return ticks > RetryMaxDelay.Ticks ? RetryMaxDelay : TimeSpan.FromTicks(ticks);
    }

    /// <summary>
    /// Records a failed attempt at an event and moves it to when its next attempt is due, in one commit (a crash
    /// before it leaves the event due, to be tried again). <see langword="null"/> when another process recorded a
    /// failure of the same event meanwhile, or completed it: the event record must still exist.
    /// </summary>
    public async ValueTask<InboxFailure?> RecordFailureAsync(string key, Exception error, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var failureKey = FailureKey(key);
        var previous = await store.GetAsync(failureKey, cancellationToken).ConfigureAwait(false);
        var earlier = previous is null ? null : JsonSerializer.Deserialize<InboxFailure>(previous.Value.Span, JsonSerializerOptions.Web);
        var attempts = (earlier?.Attempts ?? 0) + 1;
        var message = error.GetType().FullName + ": " + error.Message;
        var failure = new InboxFailure(
            attempts,
            earlier?.FirstFailedAt ?? now,
            now,
            now + RetryDelay(attempts),
            message.Length > MaxErrorLength ? message[..MaxErrorLength] : message);
        var transaction = new StateTransaction()
            .RequireExists(key)
            .RequireVersion(failureKey, previous?.Version ?? 0)
            .Put(failureKey, JsonSerializer.SerializeToUtf8Bytes(failure, JsonSerializerOptions.Web))
            .IndexAdd(Index, key, failure.NextAttemptAt.ToUnixTimeMilliseconds())
            .IndexAdd(FailingIndex, key, failure.FirstFailedAt.ToUnixTimeMilliseconds());
        var result = await store.CommitAsync(transaction, cancellationToken).ConfigureAwait(false);
        return result.Committed ? failure : null;
    }
}
