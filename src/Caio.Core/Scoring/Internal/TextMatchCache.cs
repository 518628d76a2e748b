using Caio.Internal;

namespace Caio.Scoring.Internal;

/// <summary>
/// Remembers the match result of recently seen texts (titles, industries, technology names), which repeat heavily
/// across a lead list, so a repeated text costs one hash and one comparison instead of tokenizing and matching.
/// Direct-mapped and bounded: a new text replaces whatever shared its slot. A hit needs the stored text to equal
/// the probe exactly (ordinal), so the cached result is always the one matching would compute.
/// </summary>
/// <remarks>
/// Thread-safe without locks: each slot holds an immutable entry, replaced by one reference write. Only a text
/// seen for the first time (or pushed out) allocates its small entry.
/// </remarks>
internal sealed class TextMatchCache
{
    /// <summary>Texts longer than this are matched every time rather than remembered.</summary>
    public const int MaxTextLength = 128;

    private const int Slots = 2048;

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

        slot = (int)SpanHash.Of(text) & (Slots - 1);
        var entry = Volatile.Read(ref _entries[slot]);
        if (entry is not null && (ReferenceEquals(entry.Text, text) || string.Equals(entry.Text, text, StringComparison.Ordinal)))
        {
            value = entry.Value;
            return true;
        }

        value = 0;
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

    private sealed class Entry(string text, int value)
    {
        public string Text { get; } = text;

        public int Value { get; } = value;
    }
}
