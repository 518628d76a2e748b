using System.Collections.Concurrent;
using BenchmarkDotNet.Attributes;
using Caio.Dedup;

namespace Caio.Benchmarks;

/// <summary>
/// Dedup key + membership on 1,000,000 seeded raw emails (60 % lower case, 30 % mixed, 10 % upper; 10 % with
/// surrounding white space; 2 % empty) drawn from 818,906 people, against a <see cref="DedupKeySet"/> holding the
/// canonical keys of every other person: 409,453 keys, so about half of the emails hit. Reported per email.
/// </summary>
[MemoryDiagnoser]
public class RealisticDedupBenchmarks
{
    /// <summary>The number of raw emails probed per invocation.</summary>
    public const int EmailCount = 1_000_000;

    /// <summary>Distinct people; every other one is in the set (409,453 keys).</summary>
    public const int PeopleCount = 818_906;

    private static readonly string[] FirstNames = ["ana", "ben", "chen", "dana", "eli", "fatima", "goran", "hana", "ivan", "jia", "kofi", "lena"];
    private static readonly string[] LastNames = ["lopez", "smith", "wang", "mueller", "okafor", "rossi", "kim", "novak", "silva", "khan"];

    private readonly char[] _destination = new char[EmailCanonicalizer.MaxNormalizedLength];
    private readonly bool[] _answers = new bool[1024];
    private DedupKeySet _set = null!;
    private ConcurrentDictionary<string, byte> _previous = null!;
    private string[] _emails = null!;
    private DedupKey[] _keys = null!;

    [GlobalSetup]
    public void Setup()
    {
        _set = new DedupKeySet(EmailCanonicalizer.Default);
        for (var person = 0; person < PeopleCount; person += 2)
        {
            _set.TryAdd(Address(person), out _);
        }

        // The order is shuffled before the strings are made, so they lie in memory in the order they are
        // probed, as they do when an import streams them in.
        var random = new Random(23);
        var people = new int[EmailCount];
        for (var i = 0; i < EmailCount; i++)
        {
            people[i] = i < PeopleCount ? i : random.Next(PeopleCount);
        }

        new Random(29).Shuffle(people);
        _emails = new string[EmailCount];
        for (var i = 0; i < EmailCount; i++)
        {
            _emails[i] = Decorate(Address(people[i]), random);
        }

        _keys = [.. _emails.Select(e => EmailCanonicalizer.Default.TryCreateKey(e, out var key, out _) ? key : default)];

        _previous = new ConcurrentDictionary<string, byte>(StringComparer.Ordinal);
        for (var person = 0; person < PeopleCount; person += 2)
        {
            _previous.TryAdd(EmailCanonicalizer.Default.CreateKey(Address(person)).Value, 0);
        }
    }

    /// <summary>
    /// The previous set, for comparison in the same run: a <see cref="ConcurrentDictionary{TKey, TValue}"/> of key
    /// strings probed by span after the same canonicalization (what <see cref="DedupKeySet"/> was before the flat
    /// fingerprint table). On a machine shared with other jobs, the ratio of the two is the stable figure.
    /// </summary>
    [Benchmark(OperationsPerInvoke = EmailCount)]
    public int KeyAndContainsPerEmail_PreviousDictionary()
    {
        var lookup = _previous.GetAlternateLookup<ReadOnlySpan<char>>();
        Span<char> buffer = stackalloc char[DedupKey.Prefix.Length + EmailCanonicalizer.MaxNormalizedLength];
        var hits = 0;
        foreach (var email in _emails)
        {
            if (EmailCanonicalizer.Default.TryWriteKey(email, buffer, out var written, out _) && lookup.ContainsKey(buffer[..written]))
            {
                hits++;
            }
        }

        return hits;
    }

    [Benchmark(OperationsPerInvoke = EmailCount)]
    public int KeyAndContainsPerEmail()
    {
        var hits = 0;
        foreach (var email in _emails)
        {
            if (_set.Contains(email))
            {
                hits++;
            }
        }

        return hits;
    }

    /// <summary>The same emails asked in lists of 1,024 (<see cref="DedupKeySet.ContainsEach"/>), so the table reads overlap.</summary>
    [Benchmark(OperationsPerInvoke = EmailCount)]
    public int KeyAndContainsEachPerEmail()
    {
        var hits = 0;
        for (var first = 0; first < _emails.Length; first += _answers.Length)
        {
            var count = Math.Min(_answers.Length, _emails.Length - first);
            hits += _set.ContainsEach(_emails.AsSpan(first, count), _answers);
        }

        return hits;
    }

    /// <summary>The canonicalization half alone: the same emails normalized into a buffer, no lookup.</summary>
    [Benchmark(OperationsPerInvoke = EmailCount)]
    public int NormalizeOnlyPerEmail()
    {
        var total = 0;
        foreach (var email in _emails)
        {
            EmailCanonicalizer.Default.TryNormalize(email, _destination, out var written, out _);
            total += written;
        }

        return total;
    }

    /// <summary>
    /// The key half as the set makes it: the address lower-cased into ASCII bytes (normalized in full where the
    /// probe cannot decide) and its hash, no table probe.
    /// </summary>
    [Benchmark(OperationsPerInvoke = EmailCount)]
    public ulong WriteKeyAndHashOnlyPerEmail()
    {
        Span<byte> buffer = stackalloc byte[EmailCanonicalizer.MaxNormalizedLength * 3];
        ulong total = 0;
        foreach (var email in _emails)
        {
            if (_set.TryWriteProbe(email, buffer, out var written))
            {
                total += Caio.Internal.SpanHash.Of(buffer[..written]);
            }
        }

        return total;
    }

    /// <summary>The lookup half alone: the same emails' keys, made beforehand, probed in the set.</summary>
    [Benchmark(OperationsPerInvoke = EmailCount)]
    public int ContainsKeyOnlyPerEmail()
    {
        var hits = 0;
        foreach (var key in _keys)
        {
            if (_set.Contains(key))
            {
                hits++;
            }
        }

        return hits;
    }

    private static string Address(int person) =>
        $"{FirstNames[person % FirstNames.Length]}.{LastNames[person / FirstNames.Length % LastNames.Length]}.{person}@company{person / 7}.example";

    private static string Decorate(string address, Random random)
    {
        if (random.Next(100) < 2)
        {
            return string.Empty;
        }

        var casing = random.Next(100);
        var text = casing < 60 ? address
            : casing < 90 ? MixedCase(address, random)
            : address.ToUpperInvariant();
        return random.Next(100) < 10 ? "  " + text + "\t " : text;
    }

    private static string MixedCase(string address, Random random) =>
        string.Create(address.Length, (address, random), static (span, state) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                var c = state.address[i];
                span[i] = state.random.Next(3) == 0 ? char.ToUpperInvariant(c) : c;
            }
        });
}
