using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Caio.State;

namespace Caio.Engagement;

/// <summary>
/// Which recipient a LinkedIn profile belongs to, recorded when a send goes out on LinkedIn: LinkedIn providers
/// identify a lead by its profile URL only, so an engagement event (a reply) that carries no email is matched here.
/// Kept under <c>linkedin:lead:&lt;hash of the profile&gt;</c>, without expiry, like the contact history it serves.
/// </summary>
public sealed class LinkedInRecipients
{
    private readonly IStateStore _store;

    /// <summary>Creates the map over a state store.</summary>
    /// <param name="store">The state store.</param>
    public LinkedInRecipients(IStateStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        _store = store;
    }

    /// <summary>
    /// The canonical form of a LinkedIn profile URL (<c>https://www.linkedin.com/in/&lt;id&gt;/</c>, the id unescaped and in
    /// lower case), or <see langword="null"/> when the text is not a profile URL.
    /// </summary>
    /// <param name="text">A profile URL, as a lead list or a provider writes it.</param>
    /// <returns>The canonical URL, or <see langword="null"/>.</returns>
    public static string? Normalize(string? text)
    {
        if (text is null || !Uri.TryCreate(text.Trim(), UriKind.Absolute, out var url) || !url.Host.EndsWith("linkedin.com", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var segments = url.AbsolutePath.Split('/', StringSplitOptions.RemoveEmptyEntries);
        return segments.Length >= 2 && segments[0].Equals("in", StringComparison.OrdinalIgnoreCase)
            ? "https://www.linkedin.com/in/" + Uri.UnescapeDataString(segments[1]).ToLowerInvariant() + "/"
            : null;
    }

    /// <summary>Records that a profile belongs to a recipient; writes only when that is new.</summary>
    /// <param name="profileUrl">The lead's LinkedIn profile URL; nothing is recorded when it is not one.</param>
    /// <param name="recipientKey">The recipient's canonical key.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>A task that completes when the record is durable.</returns>
    public async ValueTask RecordAsync(string? profileUrl, string recipientKey, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(recipientKey);
        if (Normalize(profileUrl) is not { } profile)
        {
            return;
        }

        var key = KeyFor(profile);
        if (await FindByKeyAsync(key, cancellationToken).ConfigureAwait(false) == recipientKey)
        {
            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("recipientKey"u8, recipientKey);
            writer.WriteString("profile"u8, profile);
            writer.WriteEndObject();
        }

        await _store.PutAsync(key, buffer.WrittenMemory, null, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>The recipient a profile was recorded for, or <see langword="null"/>.</summary>
    /// <param name="profileUrl">A LinkedIn profile URL, in any of its spellings.</param>
    /// <param name="cancellationToken">Cancels the call.</param>
    /// <returns>The recipient's canonical key, or <see langword="null"/>.</returns>
    public async ValueTask<string?> FindAsync(string? profileUrl, CancellationToken cancellationToken = default) =>
        Normalize(profileUrl) is { } profile ? await FindByKeyAsync(KeyFor(profile), cancellationToken).ConfigureAwait(false) : null;

    private async ValueTask<string?> FindByKeyAsync(string key, CancellationToken cancellationToken)
    {
        if (await _store.GetAsync(key, cancellationToken).ConfigureAwait(false) is not { } entry)
        {
            return null;
        }

        using var document = JsonDocument.Parse(entry.Value);
        return document.RootElement.TryGetProperty("recipientKey"u8, out var recipient) && recipient.ValueKind == JsonValueKind.String ? recipient.GetString() : null;
    }

    private static string KeyFor(string profile) =>
        "linkedin:lead:" + Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(profile)))[..40];
}
