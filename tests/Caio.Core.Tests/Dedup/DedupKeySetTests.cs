using Caio.Dedup;

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
}
