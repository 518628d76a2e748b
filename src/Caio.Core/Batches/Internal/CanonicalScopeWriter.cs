using System.Buffers;
using System.Security.Cryptography;
using Caio.Dedup;
using Caio.Leads;

namespace Caio.Batches.Internal;

/// <summary>
/// Validates a <see cref="BatchScope"/> and produces its canonical JSON (version 1).
/// </summary>
/// <remarks>
/// One sequential pass over the input validates every value, copies ids and canonical emails into contiguous
/// character buffers and encodes each item and action as its JSON bytes. Sorting then only touches those
/// contiguous buffers, and the output is assembled by copying the encoded records in sorted order. Every
/// working array is rented from <see cref="ArrayPool{T}.Shared"/>, so allocations do not grow with the batch.
/// </remarks>
internal sealed partial class CanonicalScopeWriter : IDisposable
{
    internal const int FormatVersion = 1;

    // Per item: [chars start, chars length, record start, record length].
    private const int ItemStride = 4;

    // Per action: [id start, id length, email start, email length, channel, step, day, record start, record length].
    private const int ActionStride = 9;
    private const int IdStart = 0;
    private const int IdLength = 1;
    private const int EmailStart = 2;
    private const int EmailLength = 3;
    private const int ChannelField = 4;
    private const int StepField = 5;
    private const int DayField = 6;
    private const int RecordStart = 7;
    private const int RecordLength = 8;

    private const char SurrogateFirst = '\uD800';
    private const char SurrogateLast = '\uDFFF';

    private static readonly SearchValues<char> HexDigits = SearchValues.Create("0123456789abcdefABCDEF");

    private readonly string _motion;
    private readonly bool _sandbox;
    private readonly int _itemCount;
    private readonly int _actionCount;
    private readonly PooledUtf8Builder _records;
    private int[] _itemFields = [];
    private int[] _itemOrder = [];
    private char[] _itemChars = [];
    private string?[] _itemDigests = [];
    private int _digestCount;
    private int[] _actionFields = [];
    private int[] _actionOrder = [];
    private char[] _actionChars = [];

    private CanonicalScopeWriter(BatchScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        _motion = scope.Motion.ToWireName();
        _sandbox = scope.Sandbox;
        if (!BatchMotions.IsValid(_motion))
        {
            throw new BatchScopeFormatException(
                $"$.motion: unknown motion '{_motion}'. Expected 'outbound', 'cadence' or 'revival'.",
                "$.motion");
        }

        var itemIds = scope.ItemIds ?? throw new BatchScopeFormatException("$: missing required field 'itemIds'.", "$.itemIds");
        var actions = scope.Actions ?? throw new BatchScopeFormatException("$: missing required field 'actions'.", "$.actions");
        _itemCount = itemIds.Count;
        _actionCount = actions.Count;
        _records = new PooledUtf8Builder(64 * (_itemCount + (2 * _actionCount)));
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
        using var writer = new CanonicalScopeWriter(scope);
    }

    /// <summary>Writes the SHA-256 of the canonical form of <paramref name="scope"/> into <paramref name="destination"/> (32 bytes).</summary>
    internal static void Hash(BatchScope scope, Span<byte> destination)
    {
        using var writer = new CanonicalScopeWriter(scope);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        using var output = new PooledUtf8Builder(HashChunkSize + 1024);
        writer.WriteTo(output, hash);
        hash.GetHashAndReset(destination);
    }

    /// <summary>Returns the canonical JSON of <paramref name="scope"/>.</summary>
    internal static string GetJson(BatchScope scope)
    {
        using var writer = new CanonicalScopeWriter(scope);
        using var output = new PooledUtf8Builder(writer._records.Length + 256 + (writer._digestCount * 72));
        writer.WriteTo(output, hash: null);
        return System.Text.Encoding.UTF8.GetString(output.WrittenSpan);
    }

    public void Dispose()
    {
        _records.Dispose();
        Return(ref _itemDigests, clear: true);
        Return(ref _itemFields, clear: false);
        Return(ref _itemOrder, clear: false);
        Return(ref _itemChars, clear: false);
        Return(ref _actionFields, clear: false);
        Return(ref _actionOrder, clear: false);
        Return(ref _actionChars, clear: false);
    }

    private static void Return<T>(ref T[] array, bool clear)
    {
        if (array.Length > 0)
        {
            ArrayPool<T>.Shared.Return(array, clear);
            array = [];
        }
    }

    private static void Append(ref char[] buffer, ref int used, ReadOnlySpan<char> value)
    {
        EnsureCapacity(ref buffer, used, value.Length);
        value.CopyTo(buffer.AsSpan(used));
        used += value.Length;
    }

    private static void EnsureCapacity(ref char[] buffer, int used, int needed)
    {
        if (buffer.Length - used < needed)
        {
            var larger = ArrayPool<char>.Shared.Rent(Math.Max(checked(used + needed), 2 * buffer.Length));
            buffer.AsSpan(0, used).CopyTo(larger);
            if (buffer.Length > 0)
            {
                ArrayPool<char>.Shared.Return(buffer);
            }

            buffer = larger;
        }
    }

    private void PrepareItems(IReadOnlyList<string> itemIds)
    {
        var count = Math.Max(_itemCount, 1);
        _itemFields = ArrayPool<int>.Shared.Rent(ItemStride * count);
        _itemOrder = ArrayPool<int>.Shared.Rent(count);
        _itemChars = ArrayPool<char>.Shared.Rent(32 * count);
        var used = 0;
        for (var i = 0; i < _itemCount; i++)
        {
            var id = itemIds[i];
            if (FindIdProblem(id) is { } problem)
            {
                throw new BatchScopeFormatException($"$.itemIds[{i}]: the item id {problem}.", $"$.itemIds[{i}]");
            }

            var fields = _itemFields.AsSpan(ItemStride * i, ItemStride);
            fields[0] = used;
            fields[1] = id.Length;
            Append(ref _itemChars, ref used, id);
            fields[2] = _records.Length;
            _records.AppendJsonString(id);
            fields[3] = _records.Length - fields[2];
            _itemOrder[i] = i;
        }

        var order = _itemOrder.AsSpan(0, _itemCount);
        SortByPrefix(order, _itemFields, ItemStride, 0, _itemChars, new ItemOrder(_itemFields, _itemChars));
        for (var i = 1; i < order.Length; i++)
        {
            if (ItemId(order[i - 1]).SequenceEqual(ItemId(order[i])))
            {
                throw new BatchScopeFormatException($"$.itemIds: duplicate item id '{ItemId(order[i])}'.", "$.itemIds");
            }
        }
    }

    private ReadOnlySpan<char> ItemId(int index) =>
        _itemChars.AsSpan(_itemFields[ItemStride * index], _itemFields[(ItemStride * index) + 1]);

    /// <summary>Finds an item by id in the sorted order (binary search); returns its input index or -1.</summary>
    private int FindItem(ReadOnlySpan<char> id)
    {
        int low = 0, high = _itemCount - 1;
        while (low <= high)
        {
            var middle = low + ((high - low) >> 1);
            var index = _itemOrder[middle];
            var comparison = ItemId(index).SequenceCompareTo(id);
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
        _actionFields = ArrayPool<int>.Shared.Rent(ActionStride * count);
        _actionOrder = ArrayPool<int>.Shared.Rent(count);
        _actionChars = ArrayPool<char>.Shared.Rent((64 * count) + EmailCanonicalizer.MaxNormalizedLength);
        var used = 0;
        var canonicalizer = EmailCanonicalizer.Default;
        for (var i = 0; i < _actionCount; i++)
        {
            var action = actions[i] ?? throw new BatchScopeFormatException($"$.actions[{i}] must not be null.", $"$.actions[{i}]");
            if (FindIdProblem(action.ActionId) is { } problem)
            {
                throw new BatchScopeFormatException($"$.actions[{i}]: the action id {problem}.", $"$.actions[{i}].actionId");
            }

            if (action.Email is null)
            {
                throw new BatchScopeFormatException($"$.actions[{i}]: missing required field 'email'.", $"$.actions[{i}].email");
            }

            var fields = _actionFields.AsSpan(ActionStride * i, ActionStride);
            fields[IdStart] = used;
            fields[IdLength] = action.ActionId.Length;
            Append(ref _actionChars, ref used, action.ActionId);

            EnsureCapacity(ref _actionChars, used, EmailCanonicalizer.MaxNormalizedLength);
            if (!canonicalizer.TryNormalize(action.Email, _actionChars.AsSpan(used), out var emailLength, out var reason))
            {
                throw new BatchScopeFormatException(
                    $"$.actions[{i}].email (action '{action.ActionId}'): invalid email address ({reason.ToWireName()}): {reason.Describe()}",
                    $"$.actions[{i}].email",
                    reason);
            }

            fields[EmailStart] = used;
            fields[EmailLength] = emailLength;
            used += emailLength;

            if (action.Channel is not (Channel.Email or Channel.LinkedIn))
            {
                throw new BatchScopeFormatException(
                    $"$.actions[{i}].channel (action '{action.ActionId}'): unknown channel {(int)action.Channel}.",
                    $"$.actions[{i}].channel");
            }

            if (action.Step < 1)
            {
                throw new BatchScopeFormatException(
                    $"$.actions[{i}].step (action '{action.ActionId}'): must be 1 or more, was {action.Step}.",
                    $"$.actions[{i}].step");
            }

            if (action.Day < 1)
            {
                throw new BatchScopeFormatException(
                    $"$.actions[{i}].day (action '{action.ActionId}'): must be 1 or more, was {action.Day}.",
                    $"$.actions[{i}].day");
            }

            fields[ChannelField] = (int)action.Channel;
            fields[StepField] = action.Step;
            fields[DayField] = action.Day;
            fields[RecordStart] = _records.Length;
            _records.Append("{\"actionId\":"u8);
            _records.AppendJsonString(action.ActionId);
            _records.Append(",\"email\":"u8);
            _records.AppendJsonString(_actionChars.AsSpan(used - emailLength, emailLength));
            _records.Append(action.Channel == Channel.Email ? ",\"channel\":\"email\",\"step\":"u8 : ",\"channel\":\"linkedin\",\"step\":"u8);
            _records.AppendInt(action.Step);
            _records.Append(",\"day\":"u8);
            _records.AppendInt(action.Day);
            _records.AppendByte((byte)'}');
            fields[RecordLength] = _records.Length - fields[RecordStart];
            _actionOrder[i] = i;
        }

        var order = _actionOrder.AsSpan(0, _actionCount);
        SortByPrefix(order, _actionFields, ActionStride, IdStart, _actionChars, new ActionOrder(_actionFields, _actionChars));
        for (var i = 1; i < order.Length; i++)
        {
            if (ActionId(order[i - 1]).SequenceEqual(ActionId(order[i])))
            {
                throw new BatchScopeFormatException($"$.actions: duplicate action id '{ActionId(order[i])}'.", "$.actions");
            }
        }
    }

    private ReadOnlySpan<char> ActionId(int index) =>
        _actionChars.AsSpan(_actionFields[(ActionStride * index) + IdStart], _actionFields[(ActionStride * index) + IdLength]);

    /// <summary>Returns what is wrong with an id (to complete "the id …"), or <see langword="null"/>.</summary>
    private static string? FindIdProblem(string? id) =>
        id is null ? "is missing"
        : string.IsNullOrWhiteSpace(id) ? "is empty"
        : HasUnpairedSurrogate(id) ? "contains an unpaired surrogate"
        : null;

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
}
