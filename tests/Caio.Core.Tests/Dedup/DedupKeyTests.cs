using Caio.Dedup;

namespace Caio.Core.Tests.Dedup;

public sealed class DedupKeyTests
{
    [Fact]
    public void TryParse_CanonicalKey_IsNotLegacy()
    {
        Assert.True(DedupKey.TryParse("email:jane@example.com", out var key, out var wasLegacy));

        Assert.Equal("email:jane@example.com", key.Value);
        Assert.False(wasLegacy);
    }

    [Theory]
    [InlineData("jane@example.com")]
    [InlineData("  Jane@EXAMPLE.com ")]
    [InlineData("EMAIL:Jane@Example.com")]
    [InlineData("email: jane@example.com")]
    public void TryParse_LegacyKey_ReturnsCanonicalKeyAndFlag(string stored)
    {
        Assert.True(DedupKey.TryParse(stored, out var key, out var wasLegacy));

        Assert.Equal("email:jane@example.com", key.Value);
        Assert.True(wasLegacy);
    }

    [Fact]
    public void TryParse_LegacyGmailAlias_MigratesToFoldedKey()
    {
        Assert.True(DedupKey.TryParse("John.Doe+promo@googlemail.com", out var key, out var wasLegacy));

        Assert.Equal("email:johndoe@gmail.com", key.Value);
        Assert.True(wasLegacy);
        Assert.Equal(key, EmailCanonicalizer.Default.CreateKey("johndoe@gmail.com"));
    }

    [Fact]
    public void TryParse_InvalidAddress_ReturnsFalseWithReason()
    {
        Assert.False(DedupKey.TryParse("email:nobody", out var key, out _, out var reason));

        Assert.True(key.IsEmpty);
        Assert.Equal(InvalidEmailReason.MissingAt, reason);
        Assert.False(DedupKey.TryParse(null, out _, out _));
    }

    [Fact]
    public void Parse_InvalidAddress_ThrowsFormatExceptionNamingReason()
    {
        var ex = Assert.Throws<FormatException>(() => DedupKey.Parse("email:a@b@c.com"));

        Assert.Contains("multiple_at", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithCanonicalizer_AppliesItsOptions()
    {
        var canonicalizer = new EmailCanonicalizer(Microsoft.Extensions.Options.Options.Create(
            new EmailCanonicalizerOptions { FoldPlusTags = true }));

        var key = DedupKey.Parse("email:jane+news@example.com", out var wasLegacy, canonicalizer);

        Assert.Equal("email:jane@example.com", key.Value);
        Assert.True(wasLegacy);
    }

    [Fact]
    public void Equality_SameAddressDifferentForms_AreEqual()
    {
        var a = EmailCanonicalizer.Default.CreateKey("JANE@example.com");
        var b = DedupKey.Parse("jane@EXAMPLE.com ");

        Assert.Equal(a, b);
        Assert.Equal(a.GetHashCode(), b.GetHashCode());
        Assert.Equal("email:jane@example.com", a.ToString());
    }

    [Fact]
    public void Default_IsEmpty()
    {
        var sut = default(DedupKey);

        Assert.True(sut.IsEmpty);
        Assert.Equal(string.Empty, sut.Value);
        Assert.Equal(string.Empty, sut.Address);
        Assert.Equal(string.Empty, sut.ToString());
    }
}
