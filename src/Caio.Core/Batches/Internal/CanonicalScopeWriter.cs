using System.Buffers;
using System.Globalization;
using System.Security.Cryptography;
using System.Text.Unicode;
using Caio.Dedup;
using Caio.Leads;

namespace Caio.Batches.Internal;

/// <summary>
/// Validates a <see cref="BatchScope"/>, sorts it and writes its canonical JSON (version 1) into a pooled buffer
/// that is streamed into SHA-256 and/or collected as text. Every working array is rented from
/// <see cref="ArrayPool{T}.Shared"/>, so allocations do not grow with the size of the batch.
/// </summary>
internal sealed class CanonicalScopeWriter : IDisposable
{
    internal const int FormatVersion = 1;

    private const int OutputBufferSize = 16 * 1024;

    private static readonly SearchValues<char> CharsToEscape = SearchValues.Create(
        "\"\\\u0000\u0001\u0002\u0003\u0004\u0005\u0006\u0007\u0008\u0009\u000a\u000b\u000c\u000d\u000e\u000f" +
        "\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f");

    private static readonly SearchValues<char> Surrogates = SearchValues.Create(
        string.Create(0xE000 - 0xD800, 0, static (chars, _) =>
        {
            for (var i = 0; i < chars.Length; i++)
            {
                chars[i] = (char)(0xD800 + i);
            }
        }));

    private readonly string _motion;
    private readonly int _actionCount;
    private readonly int _itemCount;
    private BatchAction[] _actions = [];
    private int[] _order = [];
    private int[] _emailSpans = [];
    private char[] _emailChars = [];
    private string[] _itemIds = [];
    private KeyValuePair<string, string>[] _digests = [];
    private int _digestCount;
    private byte[] _buffer = [];
    private int _position;
    private IncrementalHash? _hash;
    private ArrayBufferWriter<byte>? _text;

    private CanonicalScopeWriter(BatchScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        _motion = scope.Motion;
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
        writer._hash = hash;
        writer.Write();
        hash.GetHashAndReset(destination);
    }

    /// <summary>Returns the canonical JSON of <paramref name="scope"/>.</summary>
    internal static string GetJson(BatchScope scope)
    {
        using var writer = new CanonicalScopeWriter(scope);
        var text = new ArrayBufferWriter<byte>();
        writer._text = text;
        writer.Write();
        return System.Text.Encoding.UTF8.GetString(text.WrittenSpan);
    }

    public void Dispose()
    {
        Return(ref _actions, clear: true);
        Return(ref _itemIds, clear: true);
        Return(ref _digests, clear: true);
        Return(ref _order, clear: false);
        Return(ref _emailSpans, clear: false);
        Return(ref _emailChars, clear: false);
        Return(ref _buffer, clear: false);
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
        _itemIds = ArrayPool<string>.Shared.Rent(Math.Max(_itemCount, 1));
        for (var i = 0; i < _itemCount; i++)
        {
            var id = itemIds[i];
            if (FindIdProblem(id) is { } problem)
            {
                throw new BatchScopeFormatException($"$.itemIds[{i}]: the item id {problem}.", $"$.itemIds[{i}]");
            }

            _itemIds[i] = id;
        }

        Array.Sort(_itemIds, 0, _itemCount, StringComparer.Ordinal);
        for (var i = 1; i < _itemCount; i++)
        {
            if (string.Equals(_itemIds[i - 1], _itemIds[i], StringComparison.Ordinal))
            {
                throw new BatchScopeFormatException($"$.itemIds: duplicate item id '{_itemIds[i]}'.", "$.itemIds");
            }
        }
    }

    private void PrepareDigests(IReadOnlyDictionary<string, string>? digests)
    {
        if (digests is null || digests.Count == 0)
        {
            return;
        }

        _digests = ArrayPool<KeyValuePair<string, string>>.Shared.Rent(digests.Count);
        foreach (var pair in digests)
        {
            if (Array.BinarySearch(_itemIds, 0, _itemCount, pair.Key, StringComparer.Ordinal) < 0)
            {
                throw new BatchScopeFormatException($"$.contentDigests['{pair.Key}']: digest for an item that is not in itemIds.", $"$.contentDigests['{pair.Key}']");
            }

            var digest = pair.Value;
            if (digest is null || digest.Length != 2 * SHA256.HashSizeInBytes || digest.AsSpan().ContainsAnyExcept(HexDigits.Values))
            {
                throw new BatchScopeFormatException(
                    $"$.contentDigests['{pair.Key}']: a content digest must be 64 hexadecimal digits (SHA-256).",
                    $"$.contentDigests['{pair.Key}']");
            }

            if (_digestCount == _digests.Length)
            {
                // The dictionary grew while being read; refuse rather than guess.
                throw new BatchScopeFormatException("$.contentDigests changed while being read.", "$.contentDigests");
            }

            _digests[_digestCount++] = pair;
        }

        _digests.AsSpan(0, _digestCount).Sort(static (a, b) => string.CompareOrdinal(a.Key, b.Key));
    }

    private void PrepareActions(IReadOnlyList<BatchAction> actions)
    {
        var count = Math.Max(_actionCount, 1);
        _actions = ArrayPool<BatchAction>.Shared.Rent(count);
        _order = ArrayPool<int>.Shared.Rent(count);
        _emailSpans = ArrayPool<int>.Shared.Rent(2 * count);

        var expectedChars = EmailCanonicalizer.MaxNormalizedLength;
        for (var i = 0; i < _actionCount; i++)
        {
            expectedChars += actions[i]?.Email?.Length ?? 0;
        }

        _emailChars = ArrayPool<char>.Shared.Rent(expectedChars);
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

            if (_emailChars.Length - used < EmailCanonicalizer.MaxNormalizedLength)
            {
                var larger = ArrayPool<char>.Shared.Rent(2 * _emailChars.Length);
                _emailChars.AsSpan(0, used).CopyTo(larger);
                ArrayPool<char>.Shared.Return(_emailChars);
                _emailChars = larger;
            }

            if (!canonicalizer.TryNormalize(action.Email, _emailChars.AsSpan(used), out var written, out var reason))
            {
                throw new BatchScopeFormatException(
                    $"$.actions[{i}].email (action '{action.ActionId}'): invalid email address ({reason.ToWireName()}): {reason.Describe()}",
                    $"$.actions[{i}].email",
                    reason);
            }

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

            _actions[i] = action;
            _order[i] = i;
            _emailSpans[2 * i] = used;
            _emailSpans[(2 * i) + 1] = written;
            used += written;
        }

        _order.AsSpan(0, _actionCount).Sort(new ActionOrder(_actions, _emailSpans, _emailChars));
        for (var i = 1; i < _actionCount; i++)
        {
            var id = _actions[_order[i]].ActionId;
            if (string.Equals(_actions[_order[i - 1]].ActionId, id, StringComparison.Ordinal))
            {
                throw new BatchScopeFormatException($"$.actions: duplicate action id '{id}'.", "$.actions");
            }
        }
    }

    /// <summary>Returns what is wrong with an id (to complete "the id …"), or <see langword="null"/>.</summary>
    private static string? FindIdProblem(string? id) =>
        id is null ? "is missing"
        : string.IsNullOrWhiteSpace(id) ? "is empty"
        : HasUnpairedSurrogate(id) ? "contains an unpaired surrogate"
        : null;

    private static bool HasUnpairedSurrogate(string value)
    {
        var span = value.AsSpan();
        var index = span.IndexOfAny(Surrogates);
        while (index >= 0)
        {
            if (!char.IsHighSurrogate(span[index]) || index + 1 >= span.Length || !char.IsLowSurrogate(span[index + 1]))
            {
                return true;
            }

            span = span[(index + 2)..];
            index = span.IndexOfAny(Surrogates);
        }

        return false;
    }

    private void Write()
    {
        _buffer = ArrayPool<byte>.Shared.Rent(OutputBufferSize);

        WriteRaw("{\"version\":"u8);
        WriteInt(FormatVersion);
        WriteRaw(",\"motion\":"u8);
        WriteString(_motion);

        WriteRaw(",\"itemIds\":["u8);
        for (var i = 0; i < _itemCount; i++)
        {
            if (i > 0)
            {
                WriteRaw(","u8);
            }

            WriteString(_itemIds[i]);
        }

        WriteRaw("],\"actions\":["u8);
        for (var i = 0; i < _actionCount; i++)
        {
            var index = _order[i];
            var action = _actions[index];
            WriteRaw(i > 0 ? ",{\"actionId\":"u8 : "{\"actionId\":"u8);
            WriteString(action.ActionId);
            WriteRaw(",\"email\":"u8);
            WriteString(_emailChars.AsSpan(_emailSpans[2 * index], _emailSpans[(2 * index) + 1]));
            WriteRaw(action.Channel == Channel.Email ? ",\"channel\":\"email\",\"step\":"u8 : ",\"channel\":\"linkedin\",\"step\":"u8);
            WriteInt(action.Step);
            WriteRaw(",\"day\":"u8);
            WriteInt(action.Day);
            WriteRaw("}"u8);
        }

        WriteRaw("]"u8);
        if (_digestCount > 0)
        {
            WriteRaw(",\"contentDigests\":{"u8);
            for (var i = 0; i < _digestCount; i++)
            {
                if (i > 0)
                {
                    WriteRaw(","u8);
                }

                WriteString(_digests[i].Key);
                WriteRaw(":\""u8);
                Ensure(2 * SHA256.HashSizeInBytes);
                foreach (var c in _digests[i].Value)
                {
                    _buffer[_position++] = (byte)(c | 0x20);
                }

                WriteRaw("\""u8);
            }

            WriteRaw("}"u8);
        }

        WriteRaw("}"u8);
        Flush();
    }

    private void Ensure(int bytes)
    {
        if (_buffer.Length - _position < bytes)
        {
            Flush();
        }
    }

    private void Flush()
    {
        if (_position == 0)
        {
            return;
        }

        _hash?.AppendData(_buffer, 0, _position);
        _text?.Write(_buffer.AsSpan(0, _position));
        _position = 0;
    }

    private void WriteRaw(ReadOnlySpan<byte> utf8)
    {
        Ensure(utf8.Length);
        utf8.CopyTo(_buffer.AsSpan(_position));
        _position += utf8.Length;
    }

    private void WriteInt(int value)
    {
        Ensure(11);
        value.TryFormat(_buffer.AsSpan(_position), out var written, default, CultureInfo.InvariantCulture);
        _position += written;
    }

    private void WriteString(ReadOnlySpan<char> value)
    {
        WriteRaw("\""u8);
        while (true)
        {
            var escape = value.IndexOfAny(CharsToEscape);
            WriteUtf8(escape < 0 ? value : value[..escape]);
            if (escape < 0)
            {
                break;
            }

            WriteEscaped(value[escape]);
            value = value[(escape + 1)..];
        }

        WriteRaw("\""u8);
    }

    private void WriteUtf8(ReadOnlySpan<char> value)
    {
        while (!value.IsEmpty)
        {
            var status = Utf8.FromUtf16(value, _buffer.AsSpan(_position), out var read, out var written, replaceInvalidSequences: false);
            _position += written;
            value = value[read..];
            switch (status)
            {
                case OperationStatus.Done:
                    return;
                case OperationStatus.DestinationTooSmall:
                    Flush();
                    break;
                default:
                    throw new BatchScopeFormatException("A string in the batch scope contains an unpaired surrogate.");
            }
        }
    }

    private void WriteEscaped(char c)
    {
        switch (c)
        {
            case '"':
                WriteRaw("\\\""u8);
                break;
            case '\\':
                WriteRaw("\\\\"u8);
                break;
            default:
                Ensure(6);
                "\\u00"u8.CopyTo(_buffer.AsSpan(_position));
                _buffer[_position + 4] = HexDigits.Lower[c >> 4];
                _buffer[_position + 5] = HexDigits.Lower[c & 0xF];
                _position += 6;
                break;
        }
    }

    private static class HexDigits
    {
        public static readonly SearchValues<char> Values = SearchValues.Create("0123456789abcdefABCDEF");

        public static ReadOnlySpan<byte> Lower => "0123456789abcdef"u8;
    }

    /// <summary>Total order of actions: action id, canonical email, channel wire name, step, day.</summary>
    private readonly struct ActionOrder : IComparer<int>
    {
        private readonly BatchAction[] _actions;
        private readonly int[] _emailSpans;
        private readonly char[] _emailChars;

        public ActionOrder(BatchAction[] actions, int[] emailSpans, char[] emailChars)
        {
            _actions = actions;
            _emailSpans = emailSpans;
            _emailChars = emailChars;
        }

        public int Compare(int x, int y)
        {
            var a = _actions[x];
            var b = _actions[y];
            var result = string.CompareOrdinal(a.ActionId, b.ActionId);
            if (result != 0)
            {
                return result;
            }

            result = Email(x).SequenceCompareTo(Email(y));
            if (result != 0)
            {
                return result;
            }

            // Wire names "email" < "linkedin" follow the enum's numeric order.
            result = ((int)a.Channel).CompareTo((int)b.Channel);
            if (result != 0)
            {
                return result;
            }

            result = a.Step.CompareTo(b.Step);
            return result != 0 ? result : a.Day.CompareTo(b.Day);
        }

        private ReadOnlySpan<char> Email(int index) => _emailChars.AsSpan(_emailSpans[2 * index], _emailSpans[(2 * index) + 1]);
    }
}
