using Caio.Dedup;
using Microsoft.Extensions.Options;

namespace Caio.Core.Tests.Dedup;

public sealed class EmailCanonicalizerTests
{
    private static EmailCanonicalizer Create(bool foldGmailAliases = true, bool foldPlusTags = false) =>
        new(Options.Create(new EmailCanonicalizerOptions { FoldGmailAliases = foldGmailAliases, FoldPlusTags = foldPlusTags }));

    [Theory]
    [InlineData("jane@example.com", "jane@example.com")]
    [InlineData("  Jane.Doe@Example.COM \t", "jane.doe@example.com")]
    [InlineData("\u00a0JANE@EXAMPLE.COM\n", "jane@example.com")]
    [InlineData("o'brien+news@sub.example.co.uk", "o'brien+news@sub.example.co.uk")]
    [InlineData("a@b-c.io", "a@b-c.io")]
    [InlineData("x@123.example", "x@123.example")]
    public void Normalize_AsciiAddress_TrimsAndLowerCases(string address, string expected)
    {
        var sut = EmailCanonicalizer.Default;

        var normalized = sut.Normalize(address, out var reason);

        Assert.Equal(expected, normalized);
        Assert.Equal(InvalidEmailReason.None, reason);
    }

    [Fact]
    public void Normalize_ComposedAndDecomposedAccent_GiveSameNfcForm()
    {
        var sut = EmailCanonicalizer.Default;

        var composed = sut.Normalize("Ren\u00e9@example.com", out _);
        var decomposed = sut.Normalize("Rene\u0301@example.com", out _);

        Assert.Equal("ren\u00e9@example.com", composed);
        Assert.Equal(composed, decomposed);
    }

    [Theory]
    [InlineData("max@b\u00fccher.example", "max@xn--bcher-kva.example")]
    [InlineData("Max@B\u00dcCHER.Example", "max@xn--bcher-kva.example")]
    [InlineData("max@xn--bcher-kva.example", "max@xn--bcher-kva.example")]
    [InlineData("j\u00f6rg@m\u00fcller.de", "j\u00f6rg@xn--mller-kva.de")]
    public void Normalize_InternationalDomain_ConvertsToPunycode(string address, string expected)
    {
        var sut = EmailCanonicalizer.Default;

        Assert.Equal(expected, sut.Normalize(address, out var reason));
        Assert.Equal(InvalidEmailReason.None, reason);
    }

    [Theory]
    [InlineData("John.Doe@gmail.com", "johndoe@gmail.com")]
    [InlineData("j.o.h.n.doe+promo@Gmail.com", "johndoe@gmail.com")]
    [InlineData("johndoe+a+b@gmail.com", "johndoe@gmail.com")]
    [InlineData("John.Doe+x@googlemail.com", "johndoe@gmail.com")]
    [InlineData("johndoe@GOOGLEMAIL.COM", "johndoe@gmail.com")]
    public void Normalize_GmailAliases_AreFolded(string address, string expected)
    {
        var sut = Create(foldGmailAliases: true);

        Assert.Equal(expected, sut.Normalize(address, out _));
    }

    [Fact]
    public void Normalize_GmailFoldingOff_KeepsDotsTagsAndDomain()
    {
        var sut = Create(foldGmailAliases: false);

        Assert.Equal("john.doe+x@googlemail.com", sut.Normalize("John.Doe+x@googlemail.com", out _));
    }

    [Fact]
    public void Normalize_NonGmailPlusTagWithFoldingOff_KeepsTagAndDots()
    {
        var sut = Create(foldPlusTags: false);

        Assert.Equal("jane.doe+news@example.com", sut.Normalize("Jane.Doe+News@Example.com", out _));
    }

    [Fact]
    public void Normalize_NonGmailPlusTagWithFoldingOn_DropsTagKeepsDots()
    {
        var sut = Create(foldPlusTags: true);

        Assert.Equal("jane.doe@example.com", sut.Normalize("Jane.Doe+News@Example.com", out _));
    }

    [Fact]
    public void Normalize_SubdomainOfGmail_IsNotFolded()
    {
        var sut = EmailCanonicalizer.Default;

        Assert.Equal("john.doe+x@mail.gmail.com", sut.Normalize("john.doe+x@mail.gmail.com", out _));
    }

    [Theory]
    [InlineData("", InvalidEmailReason.Empty)]
    [InlineData("   ", InvalidEmailReason.Empty)]
    [InlineData("jane.example.com", InvalidEmailReason.MissingAt)]
    [InlineData("jane@doe@example.com", InvalidEmailReason.MultipleAt)]
    [InlineData("@example.com", InvalidEmailReason.EmptyLocalPart)]
    [InlineData("jane@", InvalidEmailReason.EmptyDomain)]
    [InlineData("jane doe@example.com", InvalidEmailReason.InvalidCharacter)]
    [InlineData("jane(doe)@example.com", InvalidEmailReason.InvalidCharacter)]
    [InlineData("jane\u200b@example.com", InvalidEmailReason.InvalidCharacter)]
    [InlineData(".jane@example.com", InvalidEmailReason.InvalidDotPlacement)]
    [InlineData("jane.@example.com", InvalidEmailReason.InvalidDotPlacement)]
    [InlineData("ja..ne@example.com", InvalidEmailReason.InvalidDotPlacement)]
    [InlineData("\"jane doe\"@example.com", InvalidEmailReason.QuotedLocalPart)]
    [InlineData("\"a@b\"@example.com", InvalidEmailReason.QuotedLocalPart)]
    [InlineData("jane@[192.0.2.1]", InvalidEmailReason.IpLiteral)]
    [InlineData("jane@localhost", InvalidEmailReason.InvalidDomain)]
    [InlineData("jane@example..com", InvalidEmailReason.InvalidDomain)]
    [InlineData("jane@.example.com", InvalidEmailReason.InvalidDomain)]
    [InlineData("jane@example.com.", InvalidEmailReason.InvalidDomain)]
    [InlineData("jane@-example.com", InvalidEmailReason.InvalidDomain)]
    [InlineData("jane@example-.com", InvalidEmailReason.InvalidDomain)]
    [InlineData("jane@exa_mple.com", InvalidEmailReason.InvalidDomain)]
    [InlineData("jane@192.0.2.1", InvalidEmailReason.InvalidDomain)]
    [InlineData("+promo@gmail.com", InvalidEmailReason.EmptyLocalPart)]
    [InlineData("jane@b\u00fccher..example", InvalidEmailReason.IdnConversionFailed)]
    public void Normalize_InvalidAddress_ReturnsNullWithReason(string address, InvalidEmailReason expected)
    {
        var sut = EmailCanonicalizer.Default;

        var normalized = sut.Normalize(address, out var reason);

        Assert.Null(normalized);
        Assert.Equal(expected, reason);
    }

    [Fact]
    public void Normalize_LabelOf64Characters_IsInvalidDomain()
    {
        var sut = EmailCanonicalizer.Default;

        Assert.NotNull(sut.Normalize($"jane@{new string('a', 63)}.com", out _));
        Assert.Null(sut.Normalize($"jane@{new string('a', 64)}.com", out var reason));
        Assert.Equal(InvalidEmailReason.InvalidDomain, reason);
    }

    [Fact]
    public void Normalize_LocalPartOf65Characters_IsTooLong()
    {
        var sut = EmailCanonicalizer.Default;

        Assert.NotNull(sut.Normalize($"{new string('a', 64)}@example.com", out _));
        Assert.Null(sut.Normalize($"{new string('a', 65)}@example.com", out var reason));
        Assert.Equal(InvalidEmailReason.LocalPartTooLong, reason);
    }

    [Fact]
    public void Normalize_DomainOf254Characters_IsTooLong()
    {
        var sut = EmailCanonicalizer.Default;
        var domain = string.Join('.', Enumerable.Repeat(new string('a', 49), 5)) + ".abcd"; // 254 characters

        Assert.Null(sut.Normalize($"j@{domain}", out var reason));
        Assert.Equal(InvalidEmailReason.DomainTooLong, reason);
    }

    [Fact]
    public void Normalize_AddressOf255Characters_IsTooLong()
    {
        var sut = EmailCanonicalizer.Default;
        var domain = string.Join('.', Enumerable.Repeat(new string('a', 62), 3)) + ".com"; // 192 characters
        var fits = $"{new string('b', 61)}@{domain}"; // 254 characters
        var tooLong = $"{new string('b', 62)}@{domain}"; // 255 characters

        Assert.Equal(fits, sut.Normalize(fits, out _));
        Assert.Null(sut.Normalize(tooLong, out var reason));
        Assert.Equal(InvalidEmailReason.AddressTooLong, reason);
    }

    [Fact]
    public void Normalize_FoldedPlusTagLeavingTrailingDot_IsInvalidDotPlacement()
    {
        var sut = Create(foldPlusTags: true);

        Assert.Null(sut.Normalize("jane.+news@example.com", out var reason));
        Assert.Equal(InvalidEmailReason.InvalidDotPlacement, reason);
        Assert.Equal("jane.+news@example.com", Create(foldPlusTags: false).Normalize("jane.+news@example.com", out _));
    }

    [Fact]
    public void TryNormalize_DestinationTooShort_Throws()
    {
        var sut = EmailCanonicalizer.Default;
        var destination = new char[10];

        Assert.Throws<ArgumentException>(() => sut.TryNormalize("jane.doe@example.com", destination, out _, out _));
    }

    [Fact]
    public void TryNormalize_AsciiAddress_DoesNotAllocate()
    {
        var sut = EmailCanonicalizer.Default;
        var destination = new char[EmailCanonicalizer.MaxNormalizedLength];
        var valid = 0;

        var allocated = AllocationProbe.MinAllocatedBytes(() =>
        {
            valid += sut.TryNormalize("  John.Doe+Promo@GoogleMail.com ", destination, out _, out _) ? 1 : 0;
            valid += sut.TryNormalize("Jane.Doe@Example.COM", destination, out _, out _) ? 1 : 0;
            valid += sut.TryNormalize("not an address", destination, out _, out _) ? 1 : 0;
        });

        Assert.True(valid > 0);
        Assert.Equal(0, allocated);
    }

    [Fact]
    public void TryNormalize_NonAsciiAddress_Allocates()
    {
        // Guards the probe itself: the NFC/IDN path does allocate, so the zero above is meaningful.
        var sut = EmailCanonicalizer.Default;
        var destination = new char[EmailCanonicalizer.MaxNormalizedLength];

        var allocated = AllocationProbe.MinAllocatedBytes(() => sut.TryNormalize("max@b\u00fccher.example", destination, out _, out _), warmUp: 10);

        Assert.True(allocated > 0);
    }

    [Fact]
    public void Normalize_UnpairedSurrogate_IsInvalidCharacter()
    {
        var sut = EmailCanonicalizer.Default;
        var address = "jane" + (char)0xD800 + "@example.com";

        Assert.Null(sut.Normalize(address, out var reason));
        Assert.Equal(InvalidEmailReason.InvalidCharacter, reason);
    }

    [Fact]
    public void TryCreateKey_ValidAddress_PrefixesNormalizedAddress()
    {
        var sut = EmailCanonicalizer.Default;

        Assert.True(sut.TryCreateKey(" Jane@Example.com ", out var key, out var reason));
        Assert.Equal("email:jane@example.com", key.Value);
        Assert.Equal("jane@example.com", key.Address);
        Assert.Equal(InvalidEmailReason.None, reason);
    }

    [Fact]
    public void TryCreateKey_InvalidAddress_ReturnsFalseWithReason()
    {
        var sut = EmailCanonicalizer.Default;

        Assert.False(sut.TryCreateKey("jane", out var key, out var reason));
        Assert.True(key.IsEmpty);
        Assert.Equal(InvalidEmailReason.MissingAt, reason);
    }

    [Fact]
    public void CreateKey_InvalidAddress_ThrowsNamingReason()
    {
        var sut = EmailCanonicalizer.Default;

        var ex = Assert.Throws<FormatException>(() => sut.CreateKey("jane@localhost"));
        Assert.Contains("invalid_domain", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_FromOptions_ReadsFlags()
    {
        var sut = Create(foldGmailAliases: false, foldPlusTags: true);

        Assert.False(sut.FoldGmailAliases);
        Assert.True(sut.FoldPlusTags);
        Assert.True(EmailCanonicalizer.Default.FoldGmailAliases);
        Assert.False(EmailCanonicalizer.Default.FoldPlusTags);
    }

    [Theory]
    [InlineData(InvalidEmailReason.None, "none")]
    [InlineData(InvalidEmailReason.MissingAt, "missing_at")]
    [InlineData(InvalidEmailReason.IdnConversionFailed, "idn_conversion_failed")]
    [InlineData(InvalidEmailReason.InvalidDotPlacement, "invalid_dot_placement")]
    public void ToWireName_Reason_ReturnsSnakeCase(InvalidEmailReason reason, string expected)
    {
        Assert.Equal(expected, reason.ToWireName());
        Assert.True(InvalidEmailReasons.TryParse(expected, out var parsed));
        Assert.Equal(reason, parsed);
    }

    [Fact]
    public void ToWireName_EveryReason_MatchesJsonName()
    {
        foreach (var reason in Enum.GetValues<InvalidEmailReason>())
        {
            var json = System.Text.Json.JsonSerializer.Serialize(reason, DedupTestJsonContext.Default.InvalidEmailReason);
            Assert.Equal($"\"{reason.ToWireName()}\"", json);
            Assert.False(string.IsNullOrEmpty(reason.Describe()));
        }
    }

    [Fact]
    public void ToWireName_UndefinedReason_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ((InvalidEmailReason)99).ToWireName());
        Assert.False(InvalidEmailReasons.TryParse("nope", out _));
    }
}

[System.Text.Json.Serialization.JsonSerializable(typeof(InvalidEmailReason))]
internal sealed partial class DedupTestJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
