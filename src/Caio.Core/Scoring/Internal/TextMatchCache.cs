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

    /// <summary>Looks <paramref name="text"/> up; <paramref name="slot"/> is where to <see cref="Set"/> it on a miss.</summary>
    public bool TryGet(string text, out int value, out int slot)
    {
        if (text.Length > MaxTextLength)
        {
            value = 0;
            slot = -1;
            return false;
        }

        var first = (int)SpanHash.Of(text) & (Slots - 2);
        var entry = Volatile.Read(ref _entries[first]);
        if (Holds(entry, text))
        {
            value = entry!.Value;
            slot = first;
            return true;
        }

        var second = Volatile.Read(ref _entries[first + 1]);
        if (Holds(second, text))
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
    public void Set(int slot, string text, int value)
    {
        if (slot >= 0)
        {
            Volatile.Write(ref _entries[slot], new Entry(text, value));
        }
    }

    private static bool Holds(Entry? entry, string text) =>
        entry is not null && (ReferenceEquals(entry.Text, text) || string.Equals(entry.Text, text, StringComparison.Ordinal));

    private sealed class Entry(string text, int value)
    {
        public string Text { get; } = text;

        public int Value { get; } = value;
    }
}
