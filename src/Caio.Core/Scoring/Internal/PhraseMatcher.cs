using System.Collections.Frozen;

namespace Caio.Scoring.Internal;

/// <summary>
/// Matches configured words and phrases in free text on whole words, case-insensitively, without
/// allocating. At each word the longest exact phrase starting there wins and consumes its words
/// (so "vice president" hides "president"); only when no exact phrase starts at a word are the
/// wildcard phrases ("chief * officer") tried, shortest gap first. Phrases never span a role
/// separator; a wildcard gap may span "&amp;", "+" and "and" but not a role separator.
/// </summary>
internal sealed class PhraseMatcher
{
    /// <summary>Most words a wildcard may stand for.</summary>
    public const int MaxWildcardWords = 6;

    private readonly WordTable _vocabulary;
    private readonly FrozenDictionary<long, int> _edges;
    private readonly int[] _terminal;
    private readonly WildcardPattern[] _patterns;
    private readonly PhraseEntry[] _entries;

    private PhraseMatcher(
        WordTable vocabulary,
        FrozenDictionary<long, int> edges,
        int[] terminal,
        WildcardPattern[] patterns,
        PhraseEntry[] entries)
    {
        _vocabulary = vocabulary;
        _edges = edges;
        _terminal = terminal;
        _patterns = patterns;
        _entries = entries;
    }

    /// <summary>The phrases, in the order they were added.</summary>
    public IReadOnlyList<PhraseEntry> Entries => _entries;

    /// <summary>
    /// Finds the phrases in <paramref name="text"/>. Returns a bit mask of the matched classes
    /// (bit <c>1 &lt;&lt; class</c>); when <paramref name="matched"/> is given, the indexes of the
    /// matched entries (see <see cref="Entries"/>) are appended to it.
    /// </summary>
    public int Match(ReadOnlySpan<char> text, List<int>? matched)
    {
        if (text.IsEmpty)
        {
            return 0;
        }

        Span<char> buffer = stackalloc char[TextTokenizer.CharCapacity(text.Length)];
        Span<Token> tokens = stackalloc Token[TextTokenizer.TokenCapacity(text.Length)];
        var count = TextTokenizer.Tokenize(text, buffer, tokens, allowWildcard: false);
        tokens = tokens[..count];

        Span<int> ids = stackalloc int[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = _vocabulary.Find(buffer.Slice(tokens[i].Start, tokens[i].Length), tokens[i].Hash);
        }

        var mask = 0;
        var position = 0;
        while (position < count)
        {
            var (end, entry) = MatchExact(tokens, ids, position);
            if (entry < 0 && _patterns.Length > 0)
            {
                (end, entry) = MatchWildcard(tokens, ids, position);
            }

            if (entry < 0)
            {
                position++;
                continue;
            }

            mask |= 1 << _entries[entry].Class;
            matched?.Add(entry);
            position = end;
        }

        return mask;
    }

    private (int End, int Entry) MatchExact(ReadOnlySpan<Token> tokens, ReadOnlySpan<int> ids, int start)
    {
        var node = 0;
        var bestEnd = -1;
        var bestEntry = -1;
        for (var j = start; j < tokens.Length; j++)
        {
            if (ids[j] < 0 || (j > start && tokens[j].Break != TokenBreak.None))
            {
                break;
            }

            if (!_edges.TryGetValue(EdgeKey(node, ids[j]), out node))
            {
                break;
            }

            if (_terminal[node] >= 0)
            {
                bestEnd = j + 1;
                bestEntry = _terminal[node];
            }
        }

        return (bestEnd, bestEntry);
    }

    private (int End, int Entry) MatchWildcard(ReadOnlySpan<Token> tokens, ReadOnlySpan<int> ids, int start)
    {
        var bestEnd = int.MaxValue;
        var bestEntry = -1;
        foreach (var pattern in _patterns)
        {
            if (!Matches(pattern.Prefix, tokens, ids, start))
            {
                continue;
            }

            var gapStart = start + pattern.Prefix.Length;
            if (gapStart >= tokens.Length || tokens[gapStart].Break == TokenBreak.Hard)
            {
                continue;
            }

            for (var gap = 1; gap <= MaxWildcardWords; gap++)
            {
                var suffixStart = gapStart + gap;
                if (suffixStart + pattern.Suffix.Length > tokens.Length || tokens[suffixStart].Break == TokenBreak.Hard)
                {
                    break;
                }

                if (Matches(pattern.Suffix, tokens, ids, suffixStart))
                {
                    var end = suffixStart + pattern.Suffix.Length;
                    if (end < bestEnd)
                    {
                        bestEnd = end;
                        bestEntry = pattern.Entry;
                    }

                    break;
                }
            }
        }

        return (bestEntry < 0 ? -1 : bestEnd, bestEntry);
    }

    private static bool Matches(int[] words, ReadOnlySpan<Token> tokens, ReadOnlySpan<int> ids, int start)
    {
        if (start + words.Length > tokens.Length)
        {
            return false;
        }

        for (var k = 0; k < words.Length; k++)
        {
            if (ids[start + k] != words[k] || (k > 0 && tokens[start + k].Break != TokenBreak.None))
            {
                return false;
            }
        }

        return true;
    }

    private static long EdgeKey(int node, int word) => ((long)node << 32) | (uint)word;

    /// <summary>
    /// Splits a configured phrase into lower-cased words. A phrase is valid when it has at least one
    /// word, no role separator, and at most one <c>*</c> that is neither first nor last.
    /// </summary>
    public static bool TryParse(string? phrase, out string[] words, out int wildcardIndex, out string? error)
    {
        words = [];
        wildcardIndex = -1;
        if (string.IsNullOrWhiteSpace(phrase))
        {
            error = "is empty";
            return false;
        }

        if (phrase.Length > TextTokenizer.MaxChars)
        {
            error = $"is longer than {TextTokenizer.MaxChars} characters";
            return false;
        }

        var buffer = new char[phrase.Length];
        var tokens = new Token[phrase.Length + 1];
        var count = TextTokenizer.Tokenize(phrase, buffer, tokens, allowWildcard: true);

        var list = new List<string>(count);
        for (var i = 0; i < count; i++)
        {
            var token = tokens[i];
            if (i > 0 && token.Break != TokenBreak.None)
            {
                error = "contains a separator ('&', '/', ',', ...) that no text phrase can span";
                return false;
            }

            if (token.IsWildcard)
            {
                if (wildcardIndex >= 0)
                {
                    error = "has more than one '*'";
                    return false;
                }

                wildcardIndex = i;
                list.Add("*");
                continue;
            }

            list.Add(new string(buffer, token.Start, token.Length));
        }

        if (list.Count == 0 || (list.Count == 1 && wildcardIndex == 0))
        {
            error = "has no word";
            return false;
        }

        if (wildcardIndex == 0 || wildcardIndex == list.Count - 1)
        {
            error = "cannot start or end with '*'";
            return false;
        }

        words = [.. list];
        error = null;
        return true;
    }

    /// <summary>Collects phrases and compiles them into a <see cref="PhraseMatcher"/>.</summary>
    public sealed class Builder
    {
        private readonly Dictionary<string, int> _vocabulary = new(StringComparer.Ordinal);
        private readonly Dictionary<long, int> _edges = [];
        private readonly List<int> _terminal = [-1];
        private readonly List<WildcardPattern> _patterns = [];
        private readonly List<PhraseEntry> _entries = [];
        private readonly HashSet<string> _wildcardKeys = new(StringComparer.Ordinal);

        /// <summary>
        /// Adds a phrase of a class. When the same phrase was added before, the first one is kept,
        /// so add the classes in order of precedence.
        /// </summary>
        public void Add(string phrase, int phraseClass)
        {
            if (!TryParse(phrase, out var words, out var wildcardIndex, out var error))
            {
                throw new ArgumentException($"Phrase '{phrase}' {error}.", nameof(phrase));
            }

            if (wildcardIndex >= 0)
            {
                if (!_wildcardKeys.Add(string.Join(' ', words)))
                {
                    return;
                }

                _entries.Add(new PhraseEntry(phrase.Trim(), phraseClass));
                _patterns.Add(new WildcardPattern(
                    [.. words[..wildcardIndex].Select(WordId)],
                    [.. words[(wildcardIndex + 1)..].Select(WordId)],
                    _entries.Count - 1));
                return;
            }

            var node = 0;
            foreach (var word in words)
            {
                var key = EdgeKey(node, WordId(word));
                if (!_edges.TryGetValue(key, out var child))
                {
                    child = _terminal.Count;
                    _terminal.Add(-1);
                    _edges.Add(key, child);
                }

                node = child;
            }

            if (_terminal[node] < 0)
            {
                _entries.Add(new PhraseEntry(phrase.Trim(), phraseClass));
                _terminal[node] = _entries.Count - 1;
            }
        }

        /// <summary>Compiles the phrases added so far.</summary>
        public PhraseMatcher Build() => new(
            new WordTable([.. _vocabulary.OrderBy(pair => pair.Value).Select(pair => pair.Key)]),
            _edges.ToFrozenDictionary(),
            [.. _terminal],
            [.. _patterns],
            [.. _entries]);

        private int WordId(string word)
        {
            if (!_vocabulary.TryGetValue(word, out var id))
            {
                id = _vocabulary.Count;
                _vocabulary.Add(word, id);
            }

            return id;
        }
    }

    private sealed record WildcardPattern(int[] Prefix, int[] Suffix, int Entry);
}

/// <summary>A configured phrase and the class it belongs to.</summary>
/// <param name="Phrase">The phrase as configured.</param>
/// <param name="Class">The class (a small integer chosen by the caller).</param>
internal sealed record PhraseEntry(string Phrase, int Class);
