using System.Buffers;
using System.Globalization;

namespace Caio.Dedup;

/// <summary>The validation half of <see cref="EmailCanonicalizer"/>: shape, local part and domain rules.</summary>
public sealed partial class EmailCanonicalizer
{
    private static readonly SearchValues<char> LocalPartChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.");

    private static readonly SearchValues<char> DomainChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-.");

    private static readonly SearchValues<char> Digits = SearchValues.Create("0123456789");

    private static InvalidEmailReason ValidateShape(ReadOnlySpan<char> local, ReadOnlySpan<char> domain)
    {
        if (local.IsEmpty)
        {
            return InvalidEmailReason.EmptyLocalPart;
        }

        if (domain.IsEmpty)
        {
            return InvalidEmailReason.EmptyDomain;
        }

        if (local[0] == '"')
        {
            return InvalidEmailReason.QuotedLocalPart;
        }

        if (domain[0] == '[')
        {
            return InvalidEmailReason.IpLiteral;
        }

        if (local.Length > MaxLocalPartLength)
        {
            return InvalidEmailReason.LocalPartTooLong;
        }

        if (domain.Length > MaxDomainLength)
        {
            return InvalidEmailReason.DomainTooLong;
        }

        return local.Length + 1 + domain.Length > MaxNormalizedLength
            ? InvalidEmailReason.AddressTooLong
            : InvalidEmailReason.None;
    }

    private static InvalidEmailReason ValidateLocalPart(ReadOnlySpan<char> local)
    {
        var index = local.IndexOfAnyExcept(LocalPartChars);
        while (index >= 0)
        {
            if (!IsAllowedNonAscii(local[index]))
            {
                return InvalidEmailReason.InvalidCharacter;
            }

            var next = local[(index + 1)..].IndexOfAnyExcept(LocalPartChars);
            index = next < 0 ? -1 : index + 1 + next;
        }

        return local[0] == '.' || local[^1] == '.' || local.IndexOf("..", StringComparison.Ordinal) >= 0
            ? InvalidEmailReason.InvalidDotPlacement
            : InvalidEmailReason.None;
    }

    private static bool IsAllowedNonAscii(char c)
    {
        if (c < 0x80)
        {
            return false;
        }

        // Surrogates here are paired (NFC normalization rejected unpaired ones).
        if (char.IsSurrogate(c))
        {
            return true;
        }

        var category = CharUnicodeInfo.GetUnicodeCategory(c);
        return category is not (UnicodeCategory.Control
            or UnicodeCategory.Format
            or UnicodeCategory.SpaceSeparator
            or UnicodeCategory.LineSeparator
            or UnicodeCategory.ParagraphSeparator
            or UnicodeCategory.PrivateUse
            or UnicodeCategory.OtherNotAssigned);
    }

    private static InvalidEmailReason ValidateDomain(ReadOnlySpan<char> domain)
    {
        if (domain.ContainsAnyExcept(DomainChars))
        {
            return InvalidEmailReason.InvalidDomain;
        }

        var labels = 0;
        var lastLabelNumeric = false;
        var rest = domain;
        while (true)
        {
            var dot = rest.IndexOf('.');
            var label = dot < 0 ? rest : rest[..dot];
            if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return InvalidEmailReason.InvalidDomain;
            }

            labels++;
            if (dot < 0)
            {
                lastLabelNumeric = !label.ContainsAnyExcept(Digits);
                break;
            }

            rest = rest[(dot + 1)..];
        }

        return labels < 2 || lastLabelNumeric ? InvalidEmailReason.InvalidDomain : InvalidEmailReason.None;
    }
}
