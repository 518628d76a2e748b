using System.Text.Json;
using Caio.Internal;

namespace Caio.Review.Internal;

/// <summary>
/// Decodes review item records, remembering the last few hundred it decoded by their exact bytes: a record read
/// again unchanged (a batch's items, read when it is claimed, before each send and when it completes) returns the
/// item decoded the first time instead of parsing the same JSON again.
/// </summary>
/// <remarks>
/// <para>
/// The cache is addressed by content: a hit requires the stored bytes to equal, byte for byte, the bytes that were
/// decoded, so it can never return an item for different bytes, whichever store, process state or version they came
/// from. That is also why one cache serves the whole process. <see cref="ReviewItem"/> is immutable, so sharing the
/// decoded instance is safe.
/// </para>
/// <para>
/// Memory is bounded: <see cref="Slots"/> entries at most, each holding a record of at most
/// <see cref="MaxCachedLength"/> bytes with its decoded item. Each record has one slot, chosen by its leading bytes
/// (the item's id comes first), so a newer version of an item replaces the older one. Slots are replaced whole (one
/// reference write), so concurrent readers see either entry, both correct.
/// </para>
/// </remarks>
internal static class ReviewItemDecoder
{
    /// <summary>The number of records remembered.</summary>
    internal const int Slots = 1024;

    /// <summary>Records longer than this are decoded every time (a draft with an unusually long body).</summary>
    internal const int MaxCachedLength = 8 * 1024;

    // Enough to cover the item's id whatever its length, since it is the record's first member.
    private const int SlotKeyLength = 96;

    private static readonly Entry?[] Cache = new Entry?[Slots];

    /// <summary>Decodes a review item record.</summary>
    /// <exception cref="JsonException">The record is not a review item.</exception>
    /// <exception cref="InvalidDataException">The record is empty (<c>null</c>).</exception>
    public static ReviewItem Decode(ReadOnlySpan<byte> utf8)
    {
        if (utf8.Length > MaxCachedLength)
        {
            return Parse(utf8);
        }

        var slot = (int)(SpanHash.Of(utf8[..Math.Min(utf8.Length, SlotKeyLength)]) & (Slots - 1));
        if (Volatile.Read(ref Cache[slot]) is { } entry && utf8.SequenceEqual(entry.Utf8))
        {
            return entry.Item;
        }

        var item = Parse(utf8);
        Volatile.Write(ref Cache[slot], new Entry(utf8.ToArray(), item));
        return item;
    }

    private static ReviewItem Parse(ReadOnlySpan<byte> utf8) =>
        JsonSerializer.Deserialize(utf8, ReviewJsonContext.Default.ReviewItem)
        ?? throw new InvalidDataException("A review item record is empty.");

    private sealed record Entry(byte[] Utf8, ReviewItem Item);
}
