using System.Buffers;
using System.Runtime.CompilerServices;
using System.Security.Cryptography;
using Caio.Dedup;
using Caio.Leads;

namespace Caio.Batches.Internal;

/// <summary>
/// Validates a <see cref="BatchScope"/> and writes its canonical JSON (version 1) in one pass per list: the preview
/// hash's encoder.
/// </summary>
/// <remarks>
/// The first pass over each list validates every value and keeps, per entry, only a reference to its id, a sort
/// key and (for actions) the canonical email already encoded as a JSON string. Ordering sorts those keys and
/// indices, never the objects; the output pass then encodes each record straight into a chunk that is handed to
/// the hash while it is still in the cache. No intermediate string or per-record array is made, and every working
/// array is rented from <see cref="ArrayPool{T}.Shared"/>, so allocations do not grow with the batch.
/// The checks, their order and their messages are those documented on <see cref="BatchScope.Validate"/>.
/// </remarks>
internal sealed partial class PreviewHashEncoder : IDisposable
{
    internal const int FormatVersion = 1;

    private const char SurrogateFirst = '\uD800';
    private const char SurrogateLast = '\uDFFF';

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private readonly BatchScope _scope;
    private readonly int _itemCount;
    private readonly int _actionCount;
    private string[] _itemIds = [];
    private int[] _itemOrder = [];
    private string?[] _itemDigests = [];
    private int _digestCount;
    private ActionEntry[] _actions = [];
    private int[] _actionOrder = [];
    private byte[] _emails = [];

    private PreviewHashEncoder(BatchScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        _scope = scope;
        if (!BatchMotions.IsDefined(scope.Motion))
        {
            throw new BatchScopeFormatException(
                $"$.motion: unknown motion '{(int)scope.Motion}'. Expected 'outbound', 'cadence' or 'revival'.",
                "$.motion");
        }

        var itemIds = scope.ItemIds ?? throw new BatchScopeFormatException("$: missing required field 'itemIds'.", "$.itemIds");
        var actions = scope.Actions ?? throw new BatchScopeFormatException("$: missing required field 'actions'.", "$.actions");
        _itemCount = itemIds.Count;
        _actionCount = actions.Count;
        try
        {
            PrepareItems(itemIds);
            PrepareDigests(scope.ContentDigests);
            PrepareActions(actions);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    /// <summary>Validates a scope without producing output.</summary>
    internal static void Validate(BatchScope scope)
    {
        using var encoder = new PreviewHashEncoder(scope);
    }

    /// <summary>Writes the SHA-256 of the canonical form of <paramref name="scope"/> into <paramref name="destination"/> (32 bytes).</summary>
    internal static void Hash(BatchScope scope, Span<byte> destination)
    {
        using var encoder = new PreviewHashEncoder(scope);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var output = new PreviewHashChunkWriter(hash);
        encoder.WriteTo(output);
        output.Flush();
        hash.GetHashAndReset(destination);
    }

    /// <summary>Returns the canonical JSON of <paramref name="scope"/>.</summary>
    internal static string GetJson(BatchScope scope)
    {
        using var encoder = new PreviewHashEncoder(scope);
        using var output = new PreviewHashChunkWriter(hash: null);
        encoder.WriteTo(output);
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public void Dispose()
    {
        Return(ref _itemIds, clear: true);
        Return(ref _itemOrder, clear: false);
        Return(ref _itemDigests, clear: true);
        Return(ref _actions, clear: true);
        Return(ref _actionOrder, clear: false);
        Return(ref _emails, clear: false);
    }

    private static void Return<T>(ref T[] array, bool clear)
    {
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array, clear);
            array = [];
        }
    }

    private void PrepareItems(IReadOnlyList<string> itemIds)
    {
        var count = Math.Max(_itemCount, 1);
        _itemIds = ArrayPool<string>.Shared.Rent(count);
        _itemOrder = ArrayPool<int>.Shared.Rent(count);
        for (var i = 0; i < _itemCount; i++)
        {
            var id = itemIds[i];
            if (FindIdProblem(id) is { } problem)
            {
                throw new BatchScopeFormatException($"$.itemIds[{i}]: the item id {problem}.", $"$.itemIds[{i}]");
            }

            _itemIds[i] = id!;
        }

        var order = _itemOrder.AsSpan(0, _itemCount);
        if (SortById(_itemIds, _itemCount, order) is { } duplicate)
        {
            throw new BatchScopeFormatException($"$.itemIds: duplicate item id '{duplicate}'.", "$.itemIds");
        }
    }

    /// <summary>Finds an item by id in the sorted order (binary search); returns its input index or -1.</summary>
    private int FindItem(string id)
    {
        int low = 0, high = _itemCount - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var index = _itemOrder[middle];
            var comparison = string.CompareOrdinal(_itemIds[index], id);
            if (comparison == 0)
            {
                return index;
            }

            if (comparison < 0)
            {
                low = middle + 1;
            }
            else
            {
                high = middle - 1;
            }
        }

        return -1;
    }

    private void PrepareDigests(IReadOnlyDictionary<string, string>? digests)
    {
        if (digests is null || digests.Count == 0)
        {
            return;
        }

        _itemDigests = ArrayPool<string?>.Shared.Rent(Math.Max(_itemCount, 1));
        _itemDigests.AsSpan(0, _itemCount).Clear();
        foreach (var pair in digests)
        {
            var item = FindItem(pair.Key);
            if (item < 0)
            {
                throw new BatchScopeFormatException(
                    $"$.contentDigests['{pair.Key}']: digest for an item that is not in itemIds.",
                    $"$.contentDigests['{pair.Key}']");
            }

            var digest = pair.Value;
            if (digest is null || digest.Length != 2 * SHA256.HashSizeInBytes || digest.AsSpan().ContainsAnyExcept(HexDigits))
            {
                throw new BatchScopeFormatException(
                    $"$.contentDigests['{pair.Key}']: a content digest must be 64 hexadecimal digits (SHA-256).",
                    $"$.contentDigests['{pair.Key}']");
            }

            _itemDigests[item] = digest;
            _digestCount++;
        }
    }

    private void PrepareActions(IReadOnlyList<BatchAction> actions)
    {
        var count = Math.Max(_actionCount, 1);
        _actions = ArrayPool<ActionEntry>.Shared.Rent(count);
        _actionOrder = ArrayPool<int>.Shared.Rent(count);
        _emails = ArrayPool<byte>.Shared.Rent((40 * count) + EmailBytesReserve);
        var used = 0;
        var canonicalizer = EmailCanonicalizer.Default;
        Span<char> email = stackalloc char[EmailCanonicalizer.MaxNormalizedLength];
        for (var i = 0; i < _actionCount; i++)
        {
            var action = actions[i] ?? throw new BatchScopeFormatException($"$.actions[{i}] must not be null.", $"$.actions[{i}]");
            var id = action.ActionId;
            if (FindIdProblem(id) is { } problem)
            {
                throw new BatchScopeFormatException($"$.actions[{i}]: the action id {problem}.", $"$.actions[{i}].actionId");
            }

            if (action.Email is null)
            {
                throw new BatchScopeFormatException($"$.actions[{i}]: missing required field 'email'.", $"$.actions[{i}].email");
            }

            if (!canonicalizer.TryNormalize(action.Email, email, out var emailLength, out var reason))
            {
                throw new BatchScopeFormatException(
                    $"$.actions[{i}].email (action '{id}'): invalid email address ({reason.ToWireName()}): {reason.Describe()}",
                    $"$.actions[{i}].email",
                    reason);
            }

            if (action.Channel is not (Channel.Email or Channel.LinkedIn))
            {
                throw new BatchScopeFormatException(
                    $"$.actions[{i}].channel (action '{id}'): unknown channel {(int)action.Channel}.",
                    $"$.actions[{i}].channel");
            }

            if (action.Step < 1)
            {
                throw new BatchScopeFormatException(
                    $"$.actions[{i}].step (action '{id}'): must be 1 or more, was {action.Step}.",
                    $"$.actions[{i}].step");
            }

            if (action.Day < 1)
            {
                throw new BatchScopeFormatException(
                    $"$.actions[{i}].day (action '{id}'): must be 1 or more, was {action.Day}.",
                    $"$.actions[{i}].day");
            }

            if (_emails.Length - used < EmailBytesReserve)
            {
                GrowEmails(used);
            }

            var written = PreviewHashJsonText.WriteString(email[..emailLength], _emails.AsSpan(used));
            _actions[i] = new ActionEntry(id, used, written, action.Channel, action.Step, action.Day);
            used += written;
        }

        var ids = ArrayPool<string>.Shared.Rent(count);
        try
        {
            for (var i = 0; i < _actionCount; i++)
            {
                ids[i] = _actions[i].Id;
            }

            if (SortById(ids, _actionCount, _actionOrder.AsSpan(0, _actionCount)) is { } duplicate)
            {
                throw new BatchScopeFormatException($"$.actions: duplicate action id '{duplicate}'.", "$.actions");
            }
        }
        finally
        {
            ArrayPool<string>.Shared.Return(ids, clearArray: true);
        }
    }

    // Room for one canonical email as a JSON string: every UTF-16 unit escaped (6 bytes), plus the quotes.
    private const int EmailBytesReserve = (6 * EmailCanonicalizer.MaxNormalizedLength) + 2;

    private void GrowEmails(int used)
    {
        var larger = ArrayPool<byte>.Shared.Rent(2 * _emails.Length);
        _emails.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(_emails);
        _emails = larger;
    }

    /// <summary>Returns what is wrong with an id (to complete "the id …"), or <see langword="null"/>.</summary>
    // Compiled optimized at once: called once per id, and the unoptimized first tier of the range search allocates.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static string? FindIdProblem(string? id) =>
        id is null ? "is missing"
        : string.IsNullOrWhiteSpace(id) ? "is empty"
        : HasUnpairedSurrogate(id) ? "contains an unpaired surrogate"
        : null;

    // Compiled optimized at once: called once per id, and the unoptimized first tier of the range search allocates.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool HasUnpairedSurrogate(string value)
    {
        var span = value.AsSpan();
        var index = span.IndexOfAnyInRange(SurrogateFirst, SurrogateLast);
        while (index >= 0)
        {
            if (!char.IsHighSurrogate(span[index]) || index + 1 >= span.Length || !char.IsLowSurrogate(span[index + 1]))
            {
                return true;
            }

            span = span[(index + 2)..];
            index = span.IndexOfAnyInRange(SurrogateFirst, SurrogateLast);
        }

        return false;
    }

    /// <summary>One validated action: its id, its canonical email as JSON bytes in the email buffer, and the rest.</summary>
    private readonly record struct ActionEntry(string Id, int EmailStart, int EmailLength, Channel Channel, int Step, int Day);
}
