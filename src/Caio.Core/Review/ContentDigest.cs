using System.Security.Cryptography;
using System.Text;
using Caio.Leads;

namespace Caio.Review;

/// <summary>The digest of a message's approved content that dispatch batches freeze.</summary>
public static class ContentDigest
{
    /// <summary>SHA-256 (lower-case hex) over UTF-8 <c>channel \n subject \n body</c> (line breaks normalized to \n).</summary>
    /// <param name="channel">Channel.</param>
    /// <param name="subject">Approved subject.</param>
    /// <param name="body">Approved body.</param>
    /// <returns>The digest.</returns>
    public static string Compute(Channel channel, string subject, string body)
    {
        ArgumentNullException.ThrowIfNull(subject);
        ArgumentNullException.ThrowIfNull(body);
        var text = string.Concat(ChannelNames.Of(channel), "\n", Normalize(subject), "\n", Normalize(body));
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));
    }

    /// <summary>
    /// The part of a message that must not be empty but is: an email needs a subject and a body; a
    /// LinkedIn message needs a body (its subject is not sent, so it may be empty). Whitespace counts as empty.
    /// </summary>
    /// <param name="channel">Channel.</param>
    /// <param name="subject">Subject.</param>
    /// <param name="body">Body.</param>
    /// <returns><c>subject</c> or <c>body</c>, or <see langword="null"/> when the content is complete.</returns>
    public static string? FindMissingPart(Channel channel, string? subject, string? body) =>
        channel == Channel.Email && string.IsNullOrWhiteSpace(subject) ? "subject"
        : string.IsNullOrWhiteSpace(body) ? "body"
        : null;

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).Normalize(NormalizationForm.FormC);
}

/// <summary>Character edit distance and edit classification.</summary>
internal static class EditDistance
{
    public const string MinorTweak = "minor_tweak";
    public const string Rewrite = "rewrite";

    public static int Compute(string a, string b)
    {
        if (a.Length < b.Length)
        {
            (a, b) = (b, a);
        }

        var previous = new int[b.Length + 1];
        var current = new int[b.Length + 1];
        for (var j = 0; j <= b.Length; j++)
        {
            previous[j] = j;
        }

        for (var i = 1; i <= a.Length; i++)
        {
            current[0] = i;
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                current[j] = Math.Min(Math.Min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }

            (previous, current) = (current, previous);
        }

        return previous[b.Length];
    }

    public static string Classify(int distance, int lengthBefore, int lengthAfter, double minorTweakMaxRatio) =>
        distance <= minorTweakMaxRatio * Math.Max(lengthBefore, lengthAfter) ? MinorTweak : Rewrite;
}
