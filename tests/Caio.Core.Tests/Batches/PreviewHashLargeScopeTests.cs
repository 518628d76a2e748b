using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Caio.Batches;
using Caio.Leads;

namespace Caio.Core.Tests.Batches;

/// <summary>
/// A large scope pins the hash of the streamed, radix-sorted path: 10,000 actions with padded mixed-case
/// addresses and long shared-prefix ids, unsorted item ids, and content digests, far more canonical bytes than
/// one hashing chunk. The scope comes from a fixed linear congruential generator, so the pinned hash was
/// computed independently from the documented canonical form.
/// </summary>
public sealed class PreviewHashLargeScopeTests
{
    private const string Prefix = "outbound-2026-11-30-northwind-enterprise-q4-expansion-cadence-v3-";
    private const string PinnedHash = "95267a8549f3b8b918808bf3a19dd4692222bcb3ae3da81a30f4a36113222817";
    private const int PinnedLength = 2_881_117;

    [Fact]
    public void Compute_LargeSeededScope_MatchesPinnedHash()
    {
        var scope = LargeScope();

        Assert.Equal(PinnedHash, PreviewHash.Compute(scope));
        Assert.True(PreviewHash.Verify(scope, PinnedHash.ToUpperInvariant()));
    }

    [Fact]
    public void Compute_LargeSeededScope_IsTheHashOfTheCanonicalJson()
    {
        var scope = LargeScope();
        var json = Encoding.UTF8.GetBytes(PreviewHash.GetCanonicalJson(scope));

        Assert.Equal(PinnedLength, json.Length);
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(json)), PreviewHash.Compute(scope));
    }

    [Fact]
    public void Compute_LargeSeededScopeInAnotherOrder_SameHash()
    {
        var scope = LargeScope();
        var reversed = scope with { ItemIds = [.. scope.ItemIds.Reverse()], Actions = [.. scope.Actions.Reverse()] };

        Assert.Equal(PinnedHash, PreviewHash.Compute(reversed));
    }

    private static BatchScope LargeScope()
    {
        var state = 12345UL;
        uint Next()
        {
            state = unchecked((state * 6364136223846793005UL) + 1442695040888963407UL);
            return (uint)(state >> 33);
        }

        var items = new string[10_000];
        var actions = new BatchAction[items.Length];
        var digests = new Dictionary<string, string>();
        for (var i = 0; i < items.Length; i++)
        {
            items[i] = string.Create(CultureInfo.InvariantCulture, $"rq_{Prefix}{Next():x8}_{i:D6}");
            var address = string.Create(CultureInfo.InvariantCulture, $"First.LAST{i}@Company{i % 500}.Example");
            var email = Next() % 2 == 0 ? "  " + address + " " : address;
            actions[i] = new BatchAction(
                string.Create(CultureInfo.InvariantCulture, $"act_{Prefix}{Next():x8}_{i:D6}"),
                email,
                i % 3 == 0 ? Channel.LinkedIn : Channel.Email,
                1 + (i % 8),
                1 + (i % 21));
            if (i % 7 == 0)
            {
                var digest = string.Concat(Enumerable.Repeat(i.ToString("x8", CultureInfo.InvariantCulture), 8));
                digests[items[i]] = i % 2 == 1 ? digest.ToUpperInvariant() : digest;
            }
        }

        return new BatchScope(BatchMotions.Outbound, items, actions, digests);
    }
}
