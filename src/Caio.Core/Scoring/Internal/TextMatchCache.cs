using System.Runtime.CompilerServices;
using Caio.Internal;

namespace Caio.Scoring.Internal;

/// <summary>
/// Remembers the match result of recently seen texts (titles, industries, technology names), which repeat heavily
/// across a lead list, so a repeated text costs one hash and one comparison instead of tokenizing and matching.
/// Two-way set-associative and bounded (<see cref="Slots"/> entries): a text may sit in either slot of its pair,
/// and a new text replaces the second one when both are taken. A hit needs the stored text to equal the probe
/// exactly (ordinal), so the cached result is always the one matching would compute.
/// </summary>
/// <remarks>
/// Thread-safe without locks: each slot holds an immutable entry, replaced by one reference write. Only a text
/// seen for the first time (or pushed out) allocates its small entry.
/// </remarks>
internal sealed class TextMatchCache
{
    /// <summary>Texts longer than this are matched every time rather than remembered.</summary>
    public const int MaxTextLength = 128;

    private const int Slots = 4096;

    private readonly Entry?[] _entries = new Entry?[Slots];

    /// <summary>Looks <paramref name="text"/> up; <paramref name="slot"/> and <paramref name="hash"/> are what <see cref="Set"/> takes on a miss.</summary>
    public bool TryGet(string text, out int value, out int slot, out ulong hash)
    {
        if (text.Length > MaxTextLength)
        {
            value = 0;
            slot = -1;
            hash = 0;
            return false;
        }

        hash = SpanHash.OfEnds(text);
        var first = (int)hash & (Slots - 2);
        var entry = Volatile.Read(ref _entries[first]);
        if (Holds(entry, text, hash))
        {
            value = entry!.Value;
            slot = first;
            return true;
        }

        var second = Volatile.Read(ref _entries[first + 1]);
        if (Holds(second, text, hash))
        {
            value = second!.Value;
            slot = first + 1;
            return true;
        }

        value = 0;
        slot = entry is null ? first : first + 1;
        return false;
    }

    /// <summary>Remembers the result of <paramref name="text"/> in the slot <see cref="TryGet"/> named.</summary>
    public void Set(int slot, string text, ulong hash, int value)
    {
        if (slot >= 0)
        {
            Volatile.Write(ref _entries[slot], new Entry(text, hash, value));
        }
    }

    // The stored hash is compared first, so a slot holding another text is passed over without comparing strings,
    // unless that text has the same length and ends (SpanHash.OfEnds reads only those): then the strings are compared.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool Holds(Entry? entry, string text, ulong hash) =>
        entry is not null && entry.Hash == hash && (ReferenceEquals(entry.Text, text) || string.Equals(entry.Text, text));

    private sealed class Entry(string text, ulong hash, int value)
    {
        public string Text { get; } = text;

        public ulong Hash { get; } = hash;

        public int Value { get; } = value;
    }
}
