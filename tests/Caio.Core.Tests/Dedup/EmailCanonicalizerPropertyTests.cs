using Caio.Dedup;
using FsCheck;
using FsCheck.Fluent;
using Microsoft.Extensions.Options;

namespace Caio.Core.Tests.Dedup;

public sealed class EmailCanonicalizerPropertyTests
{
    private static readonly Config Quick = Config.QuickThrowOnFailure.WithMaxTest(300);

    private static readonly char[] LocalChars =
        "abcXYZ019._+-'!#$%&*/=?^`{|}~ @\"\u00e9\u00c9\u00fc\u00dfe\u0301\u0130\u212a\u00a0".ToCharArray();

    private static readonly string[] DomainParts =
        ["example", "EXAMPLE", "gmail", "googlemail", "b\u00fccher", "M\u00dcLLER", "xn--bcher-kva", "a-b", "-x", "123", "com", "de", "co", "", "[1"];

    private static Gen<string> AddressLike =>
        from local in Gen.ArrayOf(Gen.Elements(LocalChars)).Select(chars => new string(chars))
        from labels in Gen.ArrayOf(Gen.Elements(DomainParts))
        from separator in Gen.Elements("@", "@", "@", "", "@@")
        from padding in Gen.Elements("", " ", "\t")
        select padding + local + separator + string.Join('.', labels) + padding;

    public static TheoryData<bool, bool> OptionCombinations => new() { { true, false }, { false, false }, { true, true }, { false, true } };

    [Theory]
    [MemberData(nameof(OptionCombinations))]
    public void Normalize_NormalizedAddress_IsUnchanged(bool foldGmailAliases, bool foldPlusTags)
    {
        var sut = new EmailCanonicalizer(Options.Create(
            new EmailCanonicalizerOptions { FoldGmailAliases = foldGmailAliases, FoldPlusTags = foldPlusTags }));

        var property = Prop.ForAll(AddressLike.ToArbitrary(), address =>
        {
            var once = sut.Normalize(address, out _);
            return once is null || string.Equals(sut.Normalize(once, out _), once, StringComparison.Ordinal);
        });

        Check.One(Quick, property);
    }

    [Fact]
    public void Normalize_AnyString_IsIdempotentOrRejected()
    {
        var sut = EmailCanonicalizer.Default;

        var property = Prop.ForAll(ArbMap.Default.ArbFor<string>(), text =>
        {
            var once = text is null ? null : sut.Normalize(text, out _);
            return once is null || string.Equals(sut.Normalize(once, out _), once, StringComparison.Ordinal);
        });

        Check.One(Quick, property);
    }

    [Fact]
    public void Normalize_ValidAddress_IsLowerCaseTrimmedAndFits()
    {
        var sut = EmailCanonicalizer.Default;

        var property = Prop.ForAll(AddressLike.ToArbitrary(), address =>
        {
            var normalized = sut.Normalize(address, out var reason);
            return normalized is null
                ? reason != InvalidEmailReason.None
                : reason == InvalidEmailReason.None
                    && normalized.Length <= EmailCanonicalizer.MaxNormalizedLength
                    && string.Equals(normalized, normalized.Trim(), StringComparison.Ordinal)
                    && string.Equals(normalized, normalized.ToLowerInvariant(), StringComparison.Ordinal)
                    && normalized.IsNormalized(System.Text.NormalizationForm.FormC)
                    && System.Text.Ascii.IsValid(normalized.AsSpan(normalized.IndexOf('@')));
        });

        Check.One(Quick, property);
    }

    [Fact]
    public void Normalize_UpperCasedAddress_GivesSameResult()
    {
        var sut = EmailCanonicalizer.Default;
        var ascii = from local in Gen.ArrayOf(Gen.Elements("abcdefxyz0189._+-".ToCharArray())).Select(c => new string(c))
                    from domain in Gen.Elements("example.com", "gmail.com", "googlemail.com", "sub.example.org")
                    select local + "@" + domain;

        var property = Prop.ForAll(ascii.ToArbitrary(), address =>
            string.Equals(sut.Normalize(address, out _), sut.Normalize(address.ToUpperInvariant(), out _), StringComparison.Ordinal));

        Check.One(Quick, property);
    }
}
