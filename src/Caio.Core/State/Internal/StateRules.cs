using System.Security.Cryptography;
using System.Text.Json;

namespace Caio.State.Internal;

/// <summary>The decisions every backend shares, so that they behave identically.</summary>
internal static class StateRules
{
    /// <summary>Whether a value with this expiry is live at <paramref name="now"/>.</summary>
    public static bool IsLive(DateTimeOffset? expiresAt, DateTimeOffset now) => expiresAt is not { } at || at > now;

    /// <summary>
    /// The bounded-increment rule: a positive delta may not take the counter above <paramref name="limit"/>,
    /// a negative delta may not take it below zero; a zero delta always applies.
    /// </summary>
    public static bool TryIncrement(long current, long delta, long limit, out long next)
    {
        if (delta > 0)
        {
            if (current > limit - delta)
            {
                next = current;
                return false;
            }
        }
        else if (delta < 0)
        {
            if (current < -delta)
            {
                next = current;
                return false;
            }
        }

        next = current + delta;
        return true;
    }

    /// <summary>Validates the arguments of an increment.</summary>
    public static void ValidateIncrement(long delta, long limit)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        ArgumentOutOfRangeException.ThrowIfEqual(delta, long.MinValue);
    }

    /// <summary>Validates a stored value: a single UTF-8 JSON document.</summary>
    public static void ValidateValue(ReadOnlyMemory<byte> value, string paramName)
    {
        if (!IsJsonDocument(value.Span))
        {
            throw new ArgumentException("A state value must be one UTF-8 JSON document.", paramName);
        }
    }

    /// <summary>Validates a log record: one UTF-8 JSON document without line breaks.</summary>
    public static void ValidateLogRecord(ReadOnlyMemory<byte> record, string paramName)
    {
        var span = record.Span;
        if (span.IndexOfAny((byte)'\n', (byte)'\r') >= 0)
        {
            throw new ArgumentException("A log record must not contain line breaks.", paramName);
        }

        if (!IsJsonDocument(span))
        {
            throw new ArgumentException("A log record must be one UTF-8 JSON document.", paramName);
        }
    }

    /// <summary>Validates an index score.</summary>
    public static void ValidateScore(double score, string paramName)
    {
        if (double.IsNaN(score))
        {
            throw new ArgumentOutOfRangeException(paramName, score, "An index score must not be NaN.");
        }
    }

    /// <summary>Validates the arguments of a range read.</summary>
    public static void ValidateRange(double min, double max, int? limit)
    {
        ValidateScore(min, nameof(min));
        ValidateScore(max, nameof(max));
        if (limit is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(l, nameof(limit));
        }
    }

    /// <summary>Validates a lease time to live.</summary>
    public static void ValidateTtl(TimeSpan ttl, string paramName)
    {
        if (ttl <= TimeSpan.Zero)
        {
            throw new ArgumentOutOfRangeException(paramName, ttl, "A lease time to live must be positive.");
        }
    }

    /// <summary>Validates a lease passed back to renew or release.</summary>
    public static void ValidateLease(Lease lease, string paramName)
    {
        ArgumentNullException.ThrowIfNull(lease, paramName);
        StateKeys.Validate(lease.Name, paramName);
        ArgumentNullException.ThrowIfNull(lease.Token, paramName);
    }

    /// <summary>A new random lease owner token.</summary>
    public static string NewLeaseToken() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>Orders index entries by score, then member (ordinal).</summary>
    public static int CompareEntries(IndexEntry x, IndexEntry y)
    {
        var byScore = x.Score.CompareTo(y.Score);
        return byScore != 0 ? byScore : string.CompareOrdinal(x.Member, y.Member);
    }

    /// <summary>The deepest nesting a value or log record may have (the JSON reader's default).</summary>
    public const int MaxValueDepth = 64;

    /// <summary>
    /// How deep the store's own documents may nest when it reads them back: a value sits inside its record document
    /// (one level), and a record document inside a commit intent's list of puts (two more), so a value the store
    /// accepted is always readable again.
    /// </summary>
    public static readonly JsonReaderOptions DocumentReading = new() { MaxDepth = MaxValueDepth + 4 };

    private static bool IsJsonDocument(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxValueDepth });
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
