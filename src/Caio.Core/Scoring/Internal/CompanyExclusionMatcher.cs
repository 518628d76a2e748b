using System.Buffers;
using System.Collections.Frozen;

namespace Caio.Scoring.Internal;

/// <summary>
/// Excluded company names and domains, looked up without allocating. Names are compared after
/// canonicalization (lower case, words only, "and"/"&amp;" and a leading "the" dropped, trailing
/// legal forms such as "Inc." or "GmbH" dropped). Domains match themselves and their subdomains.
/// </summary>
internal sealed class CompanyExclusionMatcher
{
    private static readonly FrozenSet<string> LegalForms = FrozenSet.Create(
        StringComparer.Ordinal,
        "inc", "incorporated", "llc", "ltd", "limited", "corp", "corporation", "co", "company", "plc",
        "gmbh", "ag", "kg", "sa", "sas", "sarl", "srl", "spa", "bv", "nv", "pty", "pte", "oy", "ab", "as",
        "llp", "lp", "kft", "sl");

    private static readonly FrozenSet<string>.AlternateLookup<ReadOnlySpan<char>> LegalFormLookup =
        LegalForms.GetAlternateLookup<ReadOnlySpan<char>>();

    private static readonly SearchValues<char> HostEnd = SearchValues.Create("/?#:> ");

    private readonly FrozenDictionary<string, string> _names;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _nameLookup;
    private readonly FrozenDictionary<string, string> _domains;
    private readonly FrozenDictionary<string, string>.AlternateLookup<ReadOnlySpan<char>> _domainLookup;
    private readonly bool[] _nameInitials = new bool[128];
    private readonly bool _nameInitialNonAscii;
    private readonly int _minDomainDots;

    // Bit n set: some configured domain is n characters long (bit 63: 63 or more). A host suffix of any other
    // length cannot match, so it is not looked up.
    private readonly ulong _domainLengths;

    public CompanyExclusionMatcher(IEnumerable<string> names, IEnumerable<string> domains)
    {
        var nameMap = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in names)
        {
            var canonical = CanonicalName(name);
            if (canonical.Length > 0)
            {
                nameMap.TryAdd(canonical, name.Trim());
                if (canonical[0] < 128)
                {
                    _nameInitials[canonical[0]] = true;
                }
                else
                {
                    _nameInitialNonAscii = true;
                }
            }
        }

        var domainMap = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var domain in domains)
        {
            var normalized = NormalizeConfiguredDomain(domain);
            if (normalized.Length > 0)
            {
                domainMap.TryAdd(normalized.ToString(), domain.Trim());
            }
        }

        _names = nameMap.ToFrozenDictionary(StringComparer.Ordinal);
        _nameLookup = _names.GetAlternateLookup<ReadOnlySpan<char>>();
        _domains = domainMap.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
        _domainLookup = _domains.GetAlternateLookup<ReadOnlySpan<char>>();
        _minDomainDots = _domains.Count == 0 ? 0 : _domains.Keys.Min(domain => domain.Count('.'));
        foreach (var domain in _domains.Keys)
        {
            _domainLengths |= LengthBit(domain.Length);
        }
    }

    public bool HasNames => _names.Count > 0;

    public bool HasDomains => _domains.Count > 0;

    /// <summary>Whether <paramref name="companyName"/> is an excluded name; <paramref name="configured"/> is the entry as configured.</summary>
    public bool IsExcludedName(ReadOnlySpan<char> companyName, out string? configured)
    {
        configured = null;
        if (_names.Count == 0 || companyName.IsWhiteSpace())
        {
            return false;
        }

        if (!MayMatchName(companyName))
        {
            return false;
        }

        Span<char> buffer = stackalloc char[TextTokenizer.CharCapacity(companyName.Length)];
        Span<Token> tokens = stackalloc Token[TextTokenizer.TokenCapacity(companyName.Length)];
        Span<char> canonical = stackalloc char[TextTokenizer.CharCapacity(companyName.Length) + TextTokenizer.TokenCapacity(companyName.Length)];
        var length = Canonicalize(companyName, buffer, tokens, canonical);
        return length > 0 && _nameLookup.TryGetValue(canonical[..length], out configured);
    }

    /// <summary>
    /// Whether <paramref name="domain"/> (a bare domain, a URL, or an email address) is an excluded
    /// domain or a subdomain of one; <paramref name="configured"/> is the entry as configured.
    /// </summary>
    public bool IsExcludedDomain(ReadOnlySpan<char> domain, out string? configured)
    {
        configured = null;
        if (_domains.Count == 0)
        {
            return false;
        }

        return IsExcludedHost(NormalizeHost(domain), out configured);
    }

    /// <summary>Whether a host name (see <see cref="NormalizeHost"/>) is an excluded domain or a subdomain of one.</summary>
    public bool IsExcludedHost(ReadOnlySpan<char> host, out string? configured)
    {
        configured = null;
        var dots = host.Count('.');
        while (host.Length > 0 && dots >= _minDomainDots)
        {
            if ((_domainLengths & LengthBit(host.Length)) != 0 && _domainLookup.TryGetValue(host, out configured))
            {
                return true;
            }

            var dot = host.IndexOf('.');
            if (dot < 0)
            {
                break;
            }

            host = host[(dot + 1)..];
            dots--;
        }

        return false;
    }

    private static ulong LengthBit(int length) => 1UL << Math.Min(length, 63);

    /// <summary>
    /// A cheap test on the first letter of the canonical name: false means the name cannot be excluded.
    /// </summary>
    private bool MayMatchName(ReadOnlySpan<char> name)
    {
        var first = FirstWordChar(name, out var rest);
        if (first == 't' && rest.StartsWith("he", StringComparison.OrdinalIgnoreCase)
            && (rest.Length == 2 || !char.IsLetterOrDigit(rest[2])))
        {
            // A leading "The" is dropped from names that have more words: look at the next word too.
            var next = FirstWordChar(rest[2..], out _);
            if (next != '\0' && Initial(next))
            {
                return true;
            }
        }

        return Initial(first);

        bool Initial(char c) => c >= 128 ? _nameInitialNonAscii : c != '\0' && _nameInitials[c];

        static char FirstWordChar(ReadOnlySpan<char> text, out ReadOnlySpan<char> rest)
        {
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (char.IsLetterOrDigit(c))
                {
                    rest = text[(i + 1)..];
                    return (uint)(c - 'A') <= 'Z' - 'A' ? (char)(c | 0x20) : c;
                }
            }

            rest = default;
            return '\0';
        }
    }

    /// <summary>The canonical form of a company name (see the type's remarks).</summary>
    public static string CanonicalName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        var length = TextTokenizer.CharCapacity(name.Length);
        var buffer = new char[length];
        var tokens = new Token[TextTokenizer.TokenCapacity(name.Length)];
        var canonical = new char[length + tokens.Length];
        var written = Canonicalize(name, buffer, tokens, canonical);
        return new string(canonical, 0, written);
    }

    private static int Canonicalize(ReadOnlySpan<char> name, Span<char> buffer, Span<Token> tokens, Span<char> canonical)
    {
        var count = TextTokenizer.Tokenize(name, buffer, tokens, allowWildcard: false);
        var first = 0;
        var last = count - 1;
        if (count > 1 && buffer.Slice(tokens[0].Start, tokens[0].Length).SequenceEqual("the"))
        {
            first = 1;
        }

        while (last > first && LegalFormLookup.Contains(buffer.Slice(tokens[last].Start, tokens[last].Length)))
        {
            last--;
        }

        var written = 0;
        for (var i = first; i <= last; i++)
        {
            var word = buffer.Slice(tokens[i].Start, tokens[i].Length);
            if (i > first && word.SequenceEqual("and"))
            {
                continue;
            }

            if (written > 0)
            {
                canonical[written++] = ' ';
            }

            word.CopyTo(canonical[written..]);
            written += word.Length;
        }

        return written;
    }

    private static ReadOnlySpan<char> NormalizeConfiguredDomain(string domain)
    {
        var host = NormalizeHost(domain);
        if (host.StartsWith("*.", StringComparison.Ordinal))
        {
            host = host[2..];
        }

        if (host.StartsWith("www.", StringComparison.OrdinalIgnoreCase))
        {
            host = host[4..];
        }

        return host.Trim('.');
    }

    /// <summary>
    /// Whether an email address (containing '@') is written plainly at <paramref name="host"/>, a result of
    /// <see cref="NormalizeHost"/>: what follows its last '@' equals the host (any case) and does not end in white
    /// space. Then <see cref="NormalizeHost"/> of the address is that same text, so it needs no second look.
    /// </summary>
    public static bool IsPlainAddressAt(ReadOnlySpan<char> email, ReadOnlySpan<char> host)
    {
        var tail = email[(email.LastIndexOf('@') + 1)..];
        return !tail.IsEmpty && !char.IsWhiteSpace(tail[^1]) && tail.Equals(host, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Reduces a domain, URL or email address to its host name, without allocating.</summary>
    public static ReadOnlySpan<char> NormalizeHost(ReadOnlySpan<char> value)
    {
        value = value.Trim();
        var at = value.LastIndexOf('@');
        if (at >= 0)
        {
            value = value[(at + 1)..];
        }

        var scheme = value.IndexOf("://", StringComparison.Ordinal);
        if (scheme >= 0)
        {
            value = value[(scheme + 3)..];
        }

        var end = value.IndexOfAny(HostEnd);
        if (end >= 0)
        {
            value = value[..end];
        }

        return value.Trim('.');
    }
}
