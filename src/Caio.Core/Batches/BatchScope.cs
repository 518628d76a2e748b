using System.Text.Json;
using Caio.Batches.Internal;

namespace Caio.Batches;

/// <summary>
/// The immutable scope of a dispatch batch: what was approved and exactly what may be sent. Its
/// <see cref="PreviewHash"/> is computed over a canonical form, so the order of the lists and the letter case of
/// the emails do not matter, while any change of content does.
/// </summary>
/// <remarks>
/// Record equality compares the list instances, not their contents; compare scopes by their preview hash.
/// </remarks>
/// <param name="Motion">The motion; written <c>outbound</c>, <c>cadence</c> or <c>revival</c> in the canonical form.</param>
/// <param name="ItemIds">Ids of the approved review-queue items in the batch; unique.</param>
/// <param name="Actions">The sends; action ids are unique.</param>
/// <param name="ContentDigests">
/// Optional: item id → lower-case hex SHA-256 digest of the item's approved content. Part of the canonical form
/// only when non-empty; every key must be one of <paramref name="ItemIds"/>.
/// </param>
public sealed record BatchScope(
    BatchMotion Motion,
    IReadOnlyList<string> ItemIds,
    IReadOnlyList<BatchAction> Actions,
    IReadOnlyDictionary<string, string>? ContentDigests = null)
{
    /// <summary>
    /// Whether this is sandbox work (created and approved by the sandbox's automatic approver): its actions
    /// may only go to the recording sandbox channels. Part of the canonical form (and so of the preview hash)
    /// when <see langword="true"/>, so the mark cannot be removed from an approved batch unnoticed.
    /// </summary>
    public bool Sandbox { get; init; }

    /// <summary>
    /// Reads a scope from UTF-8 JSON of the form
    /// <c>{"motion":"outbound","itemIds":["…"],"actions":[{"actionId":"…","email":"…","channel":"email","step":1,"day":1}]}</c>
    /// (optionally with <c>"contentDigests":{"itemId":"hex"}</c>) and validates it.
    /// </summary>
    /// <param name="utf8Json">The JSON.</param>
    /// <returns>The validated scope.</returns>
    /// <exception cref="BatchScopeFormatException">The JSON is malformed or the scope invalid; the message says where and why.</exception>
    public static BatchScope Parse(ReadOnlySpan<byte> utf8Json)
    {
        BatchScopeDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(utf8Json, BatchScopeJsonContext.Default.BatchScopeDto);
        }
        catch (JsonException ex)
        {
            throw Malformed(ex);
        }

        return FromDto(dto);
    }

    /// <summary>Reads a scope from JSON text (see <see cref="Parse(ReadOnlySpan{byte})"/>) and validates it.</summary>
    /// <param name="json">The JSON.</param>
    /// <returns>The validated scope.</returns>
    /// <exception cref="BatchScopeFormatException">The JSON is malformed or the scope invalid.</exception>
    public static BatchScope Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Reads a scope from a UTF-8 JSON stream (see <see cref="Parse(ReadOnlySpan{byte})"/>) and validates it.</summary>
    /// <param name="utf8Json">The stream; read to its end, not disposed.</param>
    /// <returns>The validated scope.</returns>
    /// <exception cref="BatchScopeFormatException">The JSON is malformed or the scope invalid.</exception>
    public static BatchScope FromJson(Stream utf8Json)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        BatchScopeDto? dto;
        try
        {
            dto = JsonSerializer.Deserialize(utf8Json, BatchScopeJsonContext.Default.BatchScopeDto);
        }
        catch (JsonException ex)
        {
            throw Malformed(ex);
        }

        return FromDto(dto);
    }

    /// <summary>Reads a scope from a UTF-8 JSON stream asynchronously and validates it.</summary>
    /// <param name="utf8Json">The stream; read to its end, not disposed.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The validated scope.</returns>
    /// <exception cref="BatchScopeFormatException">The JSON is malformed or the scope invalid.</exception>
    public static async Task<BatchScope> FromJsonAsync(Stream utf8Json, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(utf8Json);
        BatchScopeDto? dto;
        try
        {
            dto = await JsonSerializer.DeserializeAsync(utf8Json, BatchScopeJsonContext.Default.BatchScopeDto, cancellationToken);
        }
        catch (JsonException ex)
        {
            throw Malformed(ex);
        }

        return FromDto(dto);
    }

    /// <summary>
    /// Checks the scope: a known motion; item ids present, non-blank and unique; every action with a non-blank
    /// unique action id, a valid email, a known channel, step ≥ 1 and day ≥ 1; digests 64 hex digits for known
    /// item ids. <see cref="PreviewHash"/> applies the same checks.
    /// </summary>
    /// <exception cref="BatchScopeFormatException">The scope is invalid; the message says where and why.</exception>
    public void Validate() => PreviewHashEncoder.Validate(this);

    private static BatchScopeFormatException Malformed(JsonException ex) =>
        new($"The batch scope JSON is malformed: {ex.Message}", ex.Path, innerException: ex);

    private static BatchScope FromDto(BatchScopeDto? dto)
    {
        if (dto is null)
        {
            throw new BatchScopeFormatException("The batch scope JSON must be an object, not null.", "$");
        }

        var motionName = dto.Motion ?? throw Missing("$", "motion");
        if (!BatchMotions.TryParse(motionName, out var motion))
        {
            throw new BatchScopeFormatException($"$.motion: unknown motion '{motionName}'. Expected 'outbound', 'cadence' or 'revival'.", "$.motion");
        }

        var itemIds = dto.ItemIds ?? throw Missing("$", "itemIds");
        var actionDtos = dto.Actions ?? throw Missing("$", "actions");

        var actions = new BatchAction[actionDtos.Count];
        for (var i = 0; i < actionDtos.Count; i++)
        {
            var path = $"$.actions[{i}]";
            var action = actionDtos[i] ?? throw new BatchScopeFormatException($"{path} must be an object, not null.", path);
            var channelName = action.Channel ?? throw Missing(path, "channel");
            if (!TryParseChannel(channelName, out var channel))
            {
                throw new BatchScopeFormatException(
                    $"{path}.channel: unknown channel '{channelName}'. Expected 'email' or 'linkedin'.",
                    path + ".channel");
            }

            actions[i] = new BatchAction(
                action.ActionId ?? throw Missing(path, "actionId"),
                action.Email ?? throw Missing(path, "email"),
                channel,
                action.Step ?? throw Missing(path, "step"),
                action.Day ?? throw Missing(path, "day"));
        }

        var ids = new string[itemIds.Count];
        for (var i = 0; i < itemIds.Count; i++)
        {
            ids[i] = itemIds[i] ?? throw new BatchScopeFormatException($"$.itemIds[{i}] must be a string, not null.", $"$.itemIds[{i}]");
        }

        Dictionary<string, string>? digests = null;
        if (dto.ContentDigests is { } digestDtos)
        {
            digests = new Dictionary<string, string>(digestDtos.Count, StringComparer.Ordinal);
            foreach (var (itemId, digest) in digestDtos)
            {
                digests[itemId] = digest ?? throw new BatchScopeFormatException(
                    $"$.contentDigests['{itemId}'] must be a string, not null.",
                    $"$.contentDigests['{itemId}']");
            }
        }

        var scope = new BatchScope(motion, ids, actions, digests) { Sandbox = dto.Sandbox ?? false };
        scope.Validate();
        return scope;
    }

    private static bool TryParseChannel(string name, out Leads.Channel channel) => Leads.ChannelNames.TryParse(name, out channel);

    private static BatchScopeFormatException Missing(string path, string field) =>
        new($"{path}: missing required field '{field}'.", $"{path}.{field}");
}
