namespace Caio.Scoring.Internal;

/// <summary>
/// A fixed set of lower-cased words with an integer id each, looked up by a span and the hash the
/// tokenizer already computed, without allocating.
/// </summary>
internal sealed class WordTable
{
    private readonly int[] _slots;
    private readonly string[] _words;
    private readonly int[] _hashes;
    private readonly int _mask;

    public WordTable(IReadOnlyList<string> words)
    {
        _words = [.. words];
        _hashes = [.. words.Select(word => Hash(word))];
        var size = 8;
        while (size < words.Count * 2)
        {
            size *= 2;
        }

        _mask = size - 1;
        _slots = new int[size];
        for (var id = 0; id < _words.Length; id++)
        {
            var slot = _hashes[id] & _mask;
            while (_slots[slot] != 0)
            {
                slot = (slot + 1) & _mask;
            }

            _slots[slot] = id + 1;
        }
    }

    /// <summary>
    /// A cheap hash of a word from its length and three of its characters; collisions are resolved
    /// by comparing the words.
    /// </summary>
    public static int Hash(ReadOnlySpan<char> word)
    {
        if (word.IsEmpty)
        {
            return 0;
        }

        var mixed = (uint)word[0] | ((uint)word[^1] << 16);
        mixed ^= ((uint)word[word.Length >> 1] << 8) ^ ((uint)word.Length << 24);
        mixed *= 0x9E3779B1;
        return (int)(mixed ^ (mixed >> 15));
    }

    /// <summary>Returns the id of <paramref name="word"/>, or -1.</summary>
    public int Find(ReadOnlySpan<char> word, int hash)
    {
        var slot = hash & _mask;
        while (true)
        {
            var entry = _slots[slot] - 1;
            if (entry < 0)
            {
                return -1;
            }

            if (_hashes[entry] == hash && word.SequenceEqual(_words[entry]))
            {
                return entry;
            }

            slot = (slot + 1) & _mask;
        }
    }
}
