using System.Buffers;
using System.Text;
using Caio.Dedup;
using Microsoft.Extensions.Options;

namespace Caio.Core.Tests.Dedup;

/// <summary>
/// The canonicalizer's single-pass path for common addresses must give exactly what the rule-by-rule path gives:
/// seeded ASCII addresses near every rule (dots, dashes, digits, tags, Gmail, lengths at the limits, extra '@',
/// quotes, brackets, white space) are compared — result, output and reason — with <see cref="Reference"/>, the
/// rule-by-rule implementation the canonicalizer used for ASCII addresses before the single-pass path existed.
/// </summary>
public sealed class EmailCanonicalizerReferenceTests
{
    private static readonly string[] LocalPieces =
        ["ana", "Ana", "LOPEZ", "o'neil", "x", ".", "..", "+", "+tag", "-", "_", "9", "123", "a!b", "#", "~", "\"", "(", ",", " ", "@", "\t", "é"];

    private static readonly string[] DomainPieces =
        ["example", "Example", "COM", "com", "de", "gmail", "GoogleMail", "a-b", "-x", "x-", "123", "9", "", "[1", "_", "ü", " ", "@"];

    public static TheoryData<bool, bool> OptionCombinations => new() { { true, false }, { false, false }, { true, true }, { false, true } };

    [Theory]
    [MemberData(nameof(OptionCombinations))]
    public void TryNormalize_SeededAsciiAddresses_EqualsRuleByRuleReference(bool foldGmailAliases, bool foldPlusTags)
    {
        var options = new EmailCanonicalizerOptions { FoldGmailAliases = foldGmailAliases, FoldPlusTags = foldPlusTags };
        var sut = new EmailCanonicalizer(Options.Create(options));
        var random = new Random(1234 + (foldGmailAliases ? 1 : 0) + (foldPlusTags ? 2 : 0));
        var destination = new char[EmailCanonicalizer.MaxNormalizedLength];
        var accepted = 0;
        for (var n = 0; n < 40_000; n++)
        {
            var address = Generate(random);
            var ok = sut.TryNormalize(address, destination, out var written, out var reason);
            var expectedOk = Reference.TryNormalize(address, foldGmailAliases, foldPlusTags, out var expected, out var expectedReason);

            Assert.True(expectedOk == ok, $"'{address}': expected {expectedOk} ({expectedReason}), was {ok} ({reason})");
            Assert.Equal(expectedReason, reason);
            Assert.Equal(expected, ok ? new string(destination, 0, written) : null);
            accepted += ok ? 1 : 0;
        }

        // Both outcomes are exercised in quantity.
        Assert.InRange(accepted, 4_000, 36_000);
    }

    private static string Generate(Random random)
    {
        var builder = new StringBuilder();
        if (random.Next(10) == 0)
        {
            builder.Append(random.Next(2) == 0 ? "  " : "\t");
        }

        var localPieces = random.Next(1, 5);
        for (var i = 0; i < localPieces; i++)
        {
            builder.Append(random.Next(3) == 0 ? LocalPieces[random.Next(LocalPieces.Length)] : LocalPieces[random.Next(4)]);
        }

        if (random.Next(20) == 0)
        {
            builder.Append('a', random.Next(55, 70));
        }

        builder.Append(random.Next(25) == 0 ? "@@" : random.Next(25) == 0 ? string.Empty : "@");
        var labels = random.Next(1, 5);
        for (var i = 0; i < labels; i++)
        {
            if (i > 0)
            {
                builder.Append('.');
            }

            builder.Append(random.Next(3) == 0 ? DomainPieces[random.Next(DomainPieces.Length)] : DomainPieces[random.Next(5)]);
            if (random.Next(30) == 0)
            {
                builder.Append('b', random.Next(55, 70));
            }
        }

        if (random.Next(40) == 0)
        {
            builder.Append('.').Append('c', 240);
        }

        if (random.Next(10) == 0)
        {
            builder.Append(' ');
        }

        return builder.ToString();
    }

    /// <summary>The rule-by-rule normalization of ASCII addresses, as it was before the single-pass path.</summary>
    private static class Reference
    {
        private static readonly SearchValues<char> LocalPartChars =
            SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.");

        private static readonly SearchValues<char> DomainChars =
            SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.");

        private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

        public static bool TryNormalize(string address, bool foldGmail, bool foldPlus, out string? normalized, out InvalidEmailReason reason)
        {
            normalized = null;
            var trimmed = address.AsSpan().Trim();
            reason = trimmed.IsEmpty ? InvalidEmailReason.Empty
                : trimmed[0] == '"' ? InvalidEmailReason.QuotedLocalPart
                : InvalidEmailReason.None;
            if (reason != InvalidEmailReason.None)
            {
                return false;
            }

            if (!Ascii.IsValid(trimmed))
            {
                // Not the path under comparison: take the canonicalizer's own answer for non-ASCII input.
                var sut = new EmailCanonicalizer(Options.Create(new EmailCanonicalizerOptions { FoldGmailAliases = foldGmail, FoldPlusTags = foldPlus }));
                normalized = sut.Normalize(address, out reason);
                return normalized is not null;
            }

            var at = trimmed.IndexOf('@');
            if (at < 0 || trimmed[(at + 1)..].Contains('@'))
            {
                reason = at < 0 ? InvalidEmailReason.MissingAt : InvalidEmailReason.MultipleAt;
                return false;
            }

            var local = trimmed[..at];
            var domain = trimmed[(at + 1)..];
            reason = Shape(local, domain);
            if (reason == InvalidEmailReason.None)
            {
                reason = Local(local);
            }

            if (reason == InvalidEmailReason.None)
            {
                reason = Domain(domain);
            }

            if (reason != InvalidEmailReason.None)
            {
                return false;
            }

            var isGmail = foldGmail && (domain.Equals("gmail.com", StringComparison.OrdinalIgnoreCase) || domain.Equals("googlemail.com", StringComparison.OrdinalIgnoreCase));
            if (isGmail || foldPlus)
            {
                var plus = local.IndexOf('+');
                if (plus >= 0)
                {
                    local = local[..plus];
                    if (!isGmail && !local.IsEmpty && local[^1] == '.')
                    {
                        reason = InvalidEmailReason.InvalidDotPlacement;
                        return false;
                    }
                }
            }

            var outputLocal = isGmail ? local.ToString().Replace(".", string.Empty, StringComparison.Ordinal) : local.ToString();
            if (outputLocal.Length == 0)
            {
                reason = InvalidEmailReason.EmptyLocalPart;
                return false;
            }

            normalized = (outputLocal + "@" + (isGmail ? "gmail.com" : domain.ToString())).ToLowerInvariant();
            return true;
        }

        private static InvalidEmailReason Shape(ReadOnlySpan<char> local, ReadOnlySpan<char> domain) =>
            local.IsEmpty ? InvalidEmailReason.EmptyLocalPart
            : domain.IsEmpty ? InvalidEmailReason.EmptyDomain
            : local[0] == '"' ? InvalidEmailReason.QuotedLocalPart
            : domain[0] == '[' ? InvalidEmailReason.IpLiteral
            : local.Length > EmailCanonicalizer.MaxLocalPartLength ? InvalidEmailReason.LocalPartTooLong
            : domain.Length > EmailCanonicalizer.MaxDomainLength ? InvalidEmailReason.DomainTooLong
            : local.Length + 1 + domain.Length > EmailCanonicalizer.MaxNormalizedLength ? InvalidEmailReason.AddressTooLong
            : InvalidEmailReason.None;

        private static InvalidEmailReason Local(ReadOnlySpan<char> local) =>
            local.ContainsAnyExcept(LocalPartChars) ? InvalidEmailReason.InvalidCharacter
            : local[0] == '.' || local[^1] == '.' || local.Contains("..", StringComparison.Ordinal) ? InvalidEmailReason.InvalidDotPlacement
            : InvalidEmailReason.None;

        private static InvalidEmailReason Domain(ReadOnlySpan<char> domain)
        {
            if (domain.ContainsAnyExcept(DomainChars))
            {
                return InvalidEmailReason.InvalidDomain;
            }

            var labels = 0;
            foreach (var range in domain.Split('.'))
            {
                var label = domain[range];
                if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-')
                {
                    return InvalidEmailReason.InvalidDomain;
                }

                labels++;
            }

            var last = domain[(domain.LastIndexOf('.') + 1)..];
            return labels < 2 || !last.ContainsAnyExcept(Digits) ? InvalidEmailReason.InvalidDomain : InvalidEmailReason.None;
        }
    }
}
