using System.Security.Cryptography;
using System.Text;
using Caio.Batches;
using Caio.Leads;

namespace Caio.Core.Tests.Batches;

public sealed class PreviewHashTests
{
    // The golden vector, also printed in docs/dedup-and-batch-hash.md. If this test fails, the canonical form
    // changed: every stored batch hash would stop verifying. Do not update these strings without bumping
    // PreviewHash.CanonicalFormVersion and documenting the new form.
    private const string GoldenJson =
        """{"version":1,"motion":"outbound","itemIds":["item-1","item-2"],"actions":[{"actionId":"act-1","email":"johndoe@gmail.com","channel":"email","step":1,"day":1},{"actionId":"act-2","email":"max@xn--bcher-kva.example","channel":"linkedin","step":2,"day":2},{"actionId":"act-3","email":"o'brien@example.com","channel":"email","step":3,"day":5}],"contentDigests":{"item-1":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}""";

    private const string GoldenHash = "ac9b98a8b97e2d481ae1981ccb46e04214f3911fd08183fb16b63b260dc9a949";

    internal static BatchScope GoldenScope() => new(
        BatchMotions.Outbound,
        ["item-2", "item-1"],
        [
            new BatchAction("act-2", "Max@B\u00fccher.Example", Channel.LinkedIn, 2, 2),
            new BatchAction("act-1", "  John.Doe+Promo@GoogleMail.com ", Channel.Email, 1, 1),
            new BatchAction("act-3", "O'Brien@Example.COM", Channel.Email, 3, 5),
        ],
        new Dictionary<string, string> { ["item-1"] = "E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855" });

    [Fact]
    public void GetCanonicalJson_GoldenScope_MatchesPinnedText()
    {
        var json = PreviewHash.GetCanonicalJson(GoldenScope());

        Assert.Equal(GoldenJson, json);
    }

    [Fact]
    public void Compute_GoldenScope_MatchesPinnedHash()
    {
        var hash = PreviewHash.Compute(GoldenScope());

        Assert.Equal(GoldenHash, hash);
        Assert.Equal(GoldenHash, Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(GoldenJson))));
    }

    [Fact]
    public void Compute_GoldenScopeFromCliJson_MatchesPinnedHash()
    {
        var json = """
            {"motion":"outbound","itemIds":["item-1","item-2"],
             "actions":[{"actionId":"act-3","email":"o'brien@example.com","channel":"email","step":3,"day":5},
                        {"actionId":"act-1","email":"johndoe@gmail.com","channel":"email","step":1,"day":1},
                        {"actionId":"act-2","email":"max@xn--bcher-kva.example","channel":"linkedin","step":2,"day":2}],
             "contentDigests":{"item-1":"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"}}
            """;

        Assert.Equal(GoldenHash, PreviewHash.Compute(BatchScope.Parse(json)));
    }

    [Fact]
    public void GetCanonicalJson_NoDigests_OmitsMember()
    {
        var scope = new BatchScope(BatchMotion.Cadence, ["i"], [new BatchAction("a", "x@example.com", Channel.Email, 1, 1)]);

        Assert.Equal(
            """{"version":1,"motion":"cadence","itemIds":["i"],"actions":[{"actionId":"a","email":"x@example.com","channel":"email","step":1,"day":1}]}""",
            PreviewHash.GetCanonicalJson(scope));
        Assert.Equal(PreviewHash.Compute(scope), PreviewHash.Compute(scope with { ContentDigests = new Dictionary<string, string>() }));
    }

    [Fact]
    public void GetCanonicalJson_SpecialCharacters_AreEscapedMinimally()
    {
        var scope = new BatchScope(BatchMotion.Revival, ["q\"b\\s/\u0001\u001f\u007f\u00e9\u2028\U0001F600"], [new BatchAction("t\tn\n", "j\u00f6rg@example.com", Channel.Email, 10, 21)]);

        var json = PreviewHash.GetCanonicalJson(scope);

        Assert.Equal(
            "{\"version\":1,\"motion\":\"revival\",\"itemIds\":[\"q\\\"b\\\\s/\\u0001\\u001f\u007f\u00e9\u2028\U0001F600\"],"
            + "\"actions\":[{\"actionId\":\"t\\u0009n\\u000a\",\"email\":\"j\u00f6rg@example.com\",\"channel\":\"email\",\"step\":10,\"day\":21}]}",
            json);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(scope.ItemIds[0], document.RootElement.GetProperty("itemIds")[0].GetString());
    }

    [Fact]
    public void Compute_LongStrings_CrossBufferBoundaries()
    {
        var longId = string.Concat(Enumerable.Repeat("\u00e9\U0001F600ab", 10_000));
        var scope = new BatchScope(BatchMotion.Outbound, [longId], []);

        var json = PreviewHash.GetCanonicalJson(scope);

        Assert.Equal($"{{\"version\":1,\"motion\":\"outbound\",\"itemIds\":[\"{longId}\"],\"actions\":[]}}", json);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json))), PreviewHash.Compute(scope));
    }

    [Fact]
    public void GetCanonicalJson_IdsWithSharedPrefixesAndTies_AreSortedOrdinally()
    {
        var random = new Random(7);
        var ids = new List<string> { "shared", "shared-", "shared-0000", "shared-0000\u0000", "shared-\uffff", "shared-\U0001F600" };
        for (var i = 0; i < 200; i++)
        {
            // 50 ids share the same eight characters after the common prefix: long runs of equal sort keys.
            ids.Add($"shared-{i % 4:D4}-{random.Next(1_000_000):D6}-{i}");
        }

        var shuffled = ids.OrderBy(_ => random.Next()).ToArray();
        var scope = new BatchScope(
            BatchMotion.Outbound,
            shuffled,
            shuffled.Select((id, i) => new BatchAction(id, $"user{i % 3}@example.com", Channel.Email, 1 + (i % 2), 1)).ToArray());

        using var document = System.Text.Json.JsonDocument.Parse(PreviewHash.GetCanonicalJson(scope));
        var itemIds = document.RootElement.GetProperty("itemIds").EnumerateArray().Select(e => e.GetString()).ToArray();
        var actionIds = document.RootElement.GetProperty("actions").EnumerateArray().Select(e => e.GetProperty("actionId").GetString()).ToArray();

        var expected = ids.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(expected, itemIds);
        Assert.Equal(expected, actionIds);
        Assert.Equal("shared-\uffff", expected[^1]);
    }

    [Fact]
    public void Compute_DigestLetterCase_DoesNotChangeHash()
    {
        var scope = GoldenScope();
        var lower = scope with { ContentDigests = new Dictionary<string, string> { ["item-1"] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855" } };

        Assert.Equal(PreviewHash.Compute(scope), PreviewHash.Compute(lower));
    }

    public static TheoryData<string, Func<BatchScope, BatchScope>> Changes => new()
    {
        { "motion", s => s with { Motion = BatchMotions.Cadence } },
        { "item id", s => s with { ItemIds = ["item-1", "item-3"], ContentDigests = s.ContentDigests } },
        { "extra item", s => s with { ItemIds = [.. s.ItemIds, "item-9"] } },
        { "action id", s => s with { Actions = Replace(s.Actions, 0, a => a with { ActionId = "act-9" }) } },
        { "email", s => s with { Actions = Replace(s.Actions, 0, a => a with { Email = "maxi@b\u00fccher.example" }) } },
        { "gmail mailbox", s => s with { Actions = Replace(s.Actions, 1, a => a with { Email = "john.doe2@gmail.com" }) } },
        { "channel", s => s with { Actions = Replace(s.Actions, 2, a => a with { Channel = Channel.LinkedIn }) } },
        { "step", s => s with { Actions = Replace(s.Actions, 2, a => a with { Step = 4 }) } },
        { "day", s => s with { Actions = Replace(s.Actions, 2, a => a with { Day = 6 }) } },
        { "removed action", s => s with { Actions = s.Actions.Skip(1).ToArray() } },
        { "digest", s => s with { ContentDigests = new Dictionary<string, string> { ["item-1"] = new string('0', 64) } } },
        { "digest moved", s => s with { ContentDigests = new Dictionary<string, string> { ["item-2"] = s.ContentDigests!["item-1"] } } },
        { "no digests", s => s with { ContentDigests = null } },
    };

    [Theory]
    [MemberData(nameof(Changes))]
    public void Compute_ChangedScope_ChangesHash(string change, Func<BatchScope, BatchScope> mutate)
    {
        var changed = PreviewHash.Compute(mutate(GoldenScope()));

        Assert.False(string.Equals(GoldenHash, changed, StringComparison.Ordinal), change);
    }

    [Fact]
    public void TryCompute_DestinationOf32Bytes_WritesSameHashAsCompute()
    {
        Span<byte> destination = stackalloc byte[PreviewHash.SizeInBytes];

        Assert.True(PreviewHash.TryCompute(GoldenScope(), destination));
        Assert.Equal(GoldenHash, Convert.ToHexStringLower(destination));
    }

    [Fact]
    public void TryCompute_ShortDestination_ReturnsFalse()
    {
        var destination = new byte[31];

        Assert.False(PreviewHash.TryCompute(GoldenScope(), destination));
        Assert.All(destination, b => Assert.Equal(0, b));
    }

    [Theory]
    [InlineData(GoldenHash, true)]
    [InlineData("AC9B98A8B97E2D481AE1981CCB46E04214F3911FD08183FB16B63B260DC9A949", true)]
    [InlineData("bc9b98a8b97e2d481ae1981ccb46e04214f3911fd08183fb16b63b260dc9a949", false)]
    [InlineData("ac9b98a8", false)]
    [InlineData("zz9b98a8b97e2d481ae1981ccb46e04214f3911fd08183fb16b63b260dc9a949", false)]
    [InlineData(null, false)]
    public void Verify_ExpectedHash_ComparesRecomputedHash(string? expected, bool matches)
    {
        Assert.Equal(matches, PreviewHash.Verify(GoldenScope(), expected));
    }

    [Fact]
    public void Compute_InvalidScope_Throws()
    {
        var scope = GoldenScope() with { Motion = (BatchMotion)42 };

        Assert.Throws<BatchScopeFormatException>(() => PreviewHash.Compute(scope));
        Assert.Throws<BatchScopeFormatException>(() => PreviewHash.GetCanonicalJson(scope));
        Assert.Throws<BatchScopeFormatException>(() => PreviewHash.Verify(scope, GoldenHash));
    }

    private static BatchAction[] Replace(IReadOnlyList<BatchAction> actions, int index, Func<BatchAction, BatchAction> change)
    {
        var copy = actions.ToArray();
        var position = Array.FindIndex(copy, a => a.ActionId == GoldenScope().Actions[index].ActionId);
        copy[position] = change(copy[position]);
        return copy;
    }
}
