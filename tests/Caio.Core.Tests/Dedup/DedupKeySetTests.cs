using Caio.Dedup;
using Microsoft.Extensions.Options;

namespace Caio.Core.Tests.Dedup;

public sealed class DedupKeySetTests
{
    [Fact]
    public void Contains_RawAddressInAnyForm_FindsAddedKey()
    {
        var sut = new DedupKeySet();
        sut.Add(EmailCanonicalizer.Default.CreateKey("johndoe@gmail.com"));

        Assert.True(sut.Contains("  John.Doe+promo@GoogleMail.com "));
        Assert.True(sut.Contains(EmailCanonicalizer.Default.CreateKey("JohnDoe@gmail.com")));
        Assert.False(sut.Contains("jane@gmail.com"));
    }

    [Fact]
    public void Contains_InvalidAddress_ReturnsFalseWithReason()
    {
        var sut = new DedupKeySet();

        Assert.False(sut.Contains("not-an-address", out var reason));
        Assert.Equal(InvalidEmailReason.MissingAt, reason);
        Assert.False(sut.Contains(default(DedupKey)));
    }

    [Fact]
    public void Add_SameKeyTwice_AddsOnce()
    {
        var sut = new DedupKeySet();
        var key = EmailCanonicalizer.Default.CreateKey("jane@example.com");

        Assert.True(sut.Add(key));
        Assert.False(sut.Add(key));
        Assert.False(sut.TryAdd("JANE@example.com", out _));
        Assert.Equal(1, sut.Count);
    }

    [Fact]
    public void TryAdd_RawAddress_AddsCanonicalKey()
    {
        var sut = new DedupKeySet();

        Assert.True(sut.TryAdd(" Jane@Example.com", out var reason));
        Assert.Equal(InvalidEmailReason.None, reason);
        Assert.True(sut.Contains(DedupKey.Parse("email:jane@example.com")));
        Assert.False(sut.TryAdd("jane", out reason));
        Assert.Equal(InvalidEmailReason.MissingAt, reason);
    }

    [Fact]
    public void Remove_PresentKey_RemovesIt()
    {
        var sut = new DedupKeySet();
        var key = EmailCanonicalizer.Default.CreateKey("jane@example.com");
        sut.Add(key);

        Assert.True(sut.Remove(key));
        Assert.False(sut.Remove(key));
        Assert.Equal(0, sut.Count);
        sut.Add(key);
        sut.Clear();
        Assert.False(sut.Contains("jane@example.com"));
    }

    [Fact]
    public void Add_DefaultKey_Throws()
    {
        var sut = new DedupKeySet();

        Assert.Throws<ArgumentException>(() => sut.Add(default));
    }

    [Fact]
    public void Contains_AsciiAddress_DoesNotAllocate()
    {
        var sut = new DedupKeySet();
        sut.Add(EmailCanonicalizer.Default.CreateKey("jane.doe@example.com"));
        var hits = 0;

        var allocated = AllocationProbe.MinAllocatedBytes(() =>
        {
            hits += sut.Contains("Jane.Doe@Example.com") ? 1 : 0;
            hits += sut.Contains("someone.else@example.com") ? 1 : 0;
        });

        Assert.Equal(2_500, hits);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task AddAndContains_ConcurrentWriters_SeeEveryKey()
    {
        var sut = new DedupKeySet();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(() =>
        {
            for (var i = 0; i < 500; i++)
            {
                sut.TryAdd($"user{i}@example{worker % 2}.com", out _);
                _ = sut.Contains($"USER{i}@example{worker % 2}.com");
            }
        })));

        Assert.Equal(1000, sut.Count);
        Assert.True(sut.Contains("user499@example1.com"));
    }

    [Fact]
    public void AddRemoveContains_SeededRealisticEmails_AgreeWithOrdinalSetOfKeys()
    {
        // The previous implementation was an ordinal set of key strings; the flat table must answer the same.
        var random = new Random(41);
        var sut = new DedupKeySet();
        var reference = new HashSet<string>(StringComparer.Ordinal);
        var emails = Enumerable.Range(0, 40_000).Select(i => SeededEmail(i, random)).ToArray();

        for (var i = 0; i < emails.Length; i += 2)
        {
            var added = sut.TryAdd(emails[i], out _);
            var expected = EmailCanonicalizer.Default.TryCreateKey(emails[i], out var key, out _) && reference.Add(key.Value);
            Assert.Equal(expected, added);
        }

        for (var i = 0; i < emails.Length; i += 10)
        {
            if (EmailCanonicalizer.Default.TryCreateKey(emails[i], out var key, out _))
            {
                Assert.Equal(reference.Remove(key.Value), sut.Remove(key));
            }
        }

        Assert.Equal(reference.Count, sut.Count);
        foreach (var email in emails)
        {
            var expected = EmailCanonicalizer.Default.TryCreateKey(email, out var key, out _) && reference.Contains(key.Value);
            Assert.Equal(expected, sut.Contains(email));
            Assert.Equal(expected, !key.IsEmpty && sut.Contains(key));
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(16)]
    [InlineData(17)]
    [InlineData(32)]
    [InlineData(33)]
    [InlineData(48)]
    [InlineData(49)]
    [InlineData(1_000)]
    public void ContainsEach_SeededEmailsWithInvalidAndNull_AnswersAsContainsDoesOneByOne(int count)
    {
        var random = new Random(43 + count);
        var sut = new DedupKeySet();
        var emails = Enumerable.Range(0, count).Select(i => i % 37 == 5 ? null : SeededEmail(i, random)).ToArray();
        for (var i = 0; i < emails.Length; i += 3)
        {
            sut.TryAdd(emails[i], out _);
        }

        // Tombstones and keys probed past their home slot are on the same paths as in Contains.
        for (var i = 0; i < emails.Length; i += 12)
        {
            if (EmailCanonicalizer.Default.TryCreateKey(emails[i] ?? string.Empty, out var key, out _))
            {
                sut.Remove(key);
            }
        }

        var results = new bool[count + 3];
        results.AsSpan().Fill(true);

        var contained = sut.ContainsEach(emails, results);

        var expected = emails.Select(e => e is not null && sut.Contains(e)).ToArray();
        Assert.Equal(expected, results[..count]);
        Assert.Equal(expected.Count(x => x), contained);
        Assert.All(results[count..], Assert.True);
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    [InlineData(false, true)]
    public void Contains_RawAddressProbedWithoutValidation_AnswersAsTheFullNormalizationDoes(bool foldGmail, bool foldPlus)
    {
        // Raw addresses probe the set lower-cased, without the full validation. Every answer must still be the one
        // the full path gives: normalize (or refuse), then look the key up.
        var canonicalizer = new EmailCanonicalizer(Options.Create(new EmailCanonicalizerOptions { FoldGmailAliases = foldGmail, FoldPlusTags = foldPlus }));
        var sut = new DedupKeySet(canonicalizer);
        string[] stored =
        [
            "a.b@example.com", "ab@gmail.com", "x@example.com", "x+tag@example.com", "müller@example.com",
            "jane@xn--mller-kva.example", "o'neil@sub.example.org", "first.last@example.co", "q@a-b.example",
        ];
        foreach (var address in stored)
        {
            sut.TryAdd(address, out _);
        }

        string[] fixedProbes =
        [
            "A.B@EXAMPLE.COM", "a.b@example.com.", ".a.b@example.com", "a..b@example.com", "a.b@example..com", "a.b@@example.com",
            "A.B@Gmail.com", "a.b+z@googlemail.com", "AB@GMAIL.COM", "ab@gmail.com.", "X+Tag@Example.com", "x+other@example.com",
            "X@EXAMPLE.COM", "MÜLLER@example.com", "müller@EXAMPLE.com", "jane@müller.example", "JANE@XN--MLLER-KVA.EXAMPLE",
            "O'Neil@Sub.Example.Org", "\"a.b\"@example.com", "first.last@example.123", "q@-a-b.example", "q@a-b-.example",
            " \tfirst.last@EXAMPLE.co\n", "", "   ", "@example.com", "a.b@", "a.b@example", "a.b@[10.0.0.1]",
            new string('a', 65) + "@example.com", "a@" + new string('b', 250) + ".com",
        ];
        var random = new Random(47);
        const string Alphabet = "aAbBxX.@+-_ gmailGMAILcom'\"ü";
        var probes = fixedProbes.Concat(Enumerable.Range(0, 20_000).Select(_ =>
        {
            var picked = stored[random.Next(stored.Length)].ToCharArray();
            for (var edits = random.Next(3); edits > 0; edits--)
            {
                picked[random.Next(picked.Length)] = Alphabet[random.Next(Alphabet.Length)];
            }

            return random.Next(3) == 0 ? new string(picked).ToUpperInvariant() : new string(picked);
        })).ToArray();

        var each = new bool[probes.Length];
        sut.ContainsEach(probes, each);
        for (var i = 0; i < probes.Length; i++)
        {
            var expected = canonicalizer.TryCreateKey(probes[i], out var key, out _) && sut.Contains(key);
            Assert.True(expected == sut.Contains(probes[i]), $"Contains(\"{probes[i]}\")");
            Assert.True(expected == sut.Contains(probes[i], out _), $"Contains(\"{probes[i]}\", out reason)");
            Assert.True(expected == each[i], $"ContainsEach at \"{probes[i]}\"");
        }
    }

    [Fact]
    public void Contains_DecomposedAddressLongerThanAnyNormalizedOne_IsFoundByItsComposedKey()
    {
        // 60 letters each written as 'e' and a combining accent: 307 characters raw, 247 once composed (NFC).
        var domain = new string('a', 60) + "." + new string('b', 60) + "." + new string('c', 60) + ".com";
        var decomposed = string.Concat(Enumerable.Repeat("e\u0301", 60)) + "@" + domain;
        var sut = new DedupKeySet();
        Assert.True(sut.TryAdd(decomposed.Normalize(System.Text.NormalizationForm.FormC), out var reason), reason.ToString());
        var results = new bool[1];

        Assert.True(decomposed.Length > EmailCanonicalizer.MaxNormalizedLength);
        Assert.True(sut.Contains(decomposed));
        Assert.Equal(1, sut.ContainsEach(new string?[] { decomposed }, results));
    }

    [Fact]
    public async Task ContainsEach_KeyAddedAfterTheTableGrewDuringTheCall_IsFoundByALaterGroup()
    {
        // A long list whose last address is added by another thread while the call runs, after a rebuild of the
        // table: the groups read after that must see the new table.
        var sut = new DedupKeySet();
        var emails = new string?[2_000_001];
        for (var i = 0; i < emails.Length - 1; i++)
        {
            emails[i] = $"absent.{i % 5_000}@example.com";
        }

        emails[^1] = "late@example.com";
        var results = new bool[emails.Length];
        using var started = new ManualResetEventSlim();
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var call = Task.Run(() =>
        {
            started.Set();
            var contained = sut.ContainsEach(emails, results);
            return (contained, clock.Elapsed);
        });

        started.Wait(TestContext.Current.CancellationToken);
        for (var i = 0; i < 64; i++)
        {
            sut.TryAdd($"filler.{i}@example.com", out _); // grows the table past its first size
        }

        sut.TryAdd("late@example.com", out _);
        var added = clock.Elapsed;
        var (answered, ended) = await call;

        if (ended - added < TimeSpan.FromMilliseconds(50))
        {
            Assert.Skip($"The call ended {(ended - added).TotalMilliseconds:0} ms after the key was added: too close to tell which group read it.");
        }

        Assert.True(results[^1], $"added {added.TotalMilliseconds:0} ms in, the call ended at {ended.TotalMilliseconds:0} ms");
        Assert.Equal(1, answered);
    }

    [Fact]
    public void ContainsEach_FewerResultsThanAddresses_ThrowsNamingBoth()
    {
        var sut = new DedupKeySet();

        var error = Assert.Throws<ArgumentException>(() => sut.ContainsEach(new string?[] { "a@b.example", "c@d.example" }, new bool[1]));

        Assert.Equal("results", error.ParamName);
        Assert.StartsWith("results holds 1 answers for 2 addresses.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ContainsEach_AsciiAddresses_DoesNotAllocate()
    {
        var sut = new DedupKeySet();
        sut.Add(EmailCanonicalizer.Default.CreateKey("jane.doe@example.com"));
        string?[] emails = ["Jane.Doe@Example.com", "someone.else@example.com", "  JANE.DOE@example.com "];
        var results = new bool[emails.Length];
        var hits = 0;

        var allocated = AllocationProbe.MinAllocatedBytes(() => hits += sut.ContainsEach(emails, results));

        Assert.Equal(2_500 * 2, hits);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public async Task Contains_WhileAnotherThreadAddsAndTheTableGrows_AlwaysFindsEarlierKeys()
    {
        var sut = new DedupKeySet();
        for (var i = 0; i < 1_000; i++)
        {
            sut.TryAdd($"early{i}@example.com", out _);
        }

        var writer = Task.Run(() =>
        {
            for (var i = 0; i < 200_000; i++)
            {
                sut.TryAdd($"late{i}@example.com", out _);
            }
        }, TestContext.Current.CancellationToken);

        var misses = 0;
        while (!writer.IsCompleted)
        {
            for (var i = 0; i < 1_000; i++)
            {
                misses += sut.Contains($"EARLY{i}@example.com") ? 0 : 1;
            }
        }

        await writer;
        Assert.Equal(0, misses);
        Assert.Equal(201_000, sut.Count);
    }

    private static string SeededEmail(int person, Random random)
    {
        if (random.Next(100) < 2)
        {
            return string.Empty;
        }

        var address = $"p.{person % 9_000}.x@company{person % 700}.example";
        var casing = random.Next(100);
        var text = casing < 60 ? address : casing < 90 ? address.Replace('p', 'P') : address.ToUpperInvariant();
        return random.Next(100) < 10 ? "  " + text + "\t " : text;
    }
}
