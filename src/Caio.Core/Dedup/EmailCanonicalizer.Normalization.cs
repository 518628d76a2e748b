using System.Globalization;
using System.Text;

namespace Caio.Dedup;

/// <summary>The normalization half of <see cref="EmailCanonicalizer"/>: splitting, alias folding and writing the canonical form.</summary>
public sealed partial class EmailCanonicalizer
{
    private bool TryNormalizeNonAscii(ReadOnlySpan<char> trimmed, Span<char> destination, out int charsWritten, out InvalidEmailReason reason)
    {
        charsWritten = 0;
        string normalized;
        try
        {
            // Lower-case first, then compose: the result is both lower-case and NFC.
            normalized = trimmed.ToString().ToLowerInvariant().Normalize(NormalizationForm.FormC);
        }
        catch (ArgumentException)
        {
            // Unpaired surrogates cannot be normalized.
            reason = InvalidEmailReason.InvalidCharacter;
            return false;
        }

        if (!TryFindAt(normalized, out var at, out reason))
        {
            return false;
        }

        var local = normalized.AsSpan(0, at);
        var domain = normalized.AsSpan(at + 1);
        if (local.IsEmpty)
        {
            reason = InvalidEmailReason.EmptyLocalPart;
            return false;
        }

        if (domain.IsEmpty)
        {
            reason = InvalidEmailReason.EmptyDomain;
            return false;
        }

        if (domain[0] == '[')
        {
            reason = InvalidEmailReason.IpLiteral;
            return false;
        }

        if (!Ascii.IsValid(domain))
        {
            string asciiDomain;
            try
            {
                // A fresh mapping per call: IdnMapping does not document its instances as thread-safe.
                var idn = new IdnMapping { UseStd3AsciiRules = true, AllowUnassigned = false };
                asciiDomain = idn.GetAscii(normalized, at + 1);
            }
            catch (ArgumentException)
            {
                reason = InvalidEmailReason.IdnConversionFailed;
                return false;
            }

            domain = asciiDomain.AsSpan();
        }

        return TryNormalizeParts(local, domain, destination, alreadyLowerCase: true, out charsWritten, out reason);
    }

    private bool TrySplitAndNormalize(ReadOnlySpan<char> address, Span<char> destination, bool alreadyLowerCase, out int charsWritten, out InvalidEmailReason reason)
    {
        charsWritten = 0;
        if (!TryFindAt(address, out var at, out reason))
        {
            return false;
        }

        return TryNormalizeParts(address[..at], address[(at + 1)..], destination, alreadyLowerCase, out charsWritten, out reason);
    }

    private static bool TryFindAt(ReadOnlySpan<char> address, out int at, out InvalidEmailReason reason)
    {
        at = address.IndexOf('@');
        if (at < 0)
        {
            reason = InvalidEmailReason.MissingAt;
            return false;
        }

        if (address[(at + 1)..].Contains('@'))
        {
            reason = InvalidEmailReason.MultipleAt;
            return false;
        }

        reason = InvalidEmailReason.None;
        return true;
    }

    private bool TryNormalizeParts(
        ReadOnlySpan<char> local,
        ReadOnlySpan<char> domain,
        Span<char> destination,
        bool alreadyLowerCase,
        out int charsWritten,
        out InvalidEmailReason reason)
    {
        charsWritten = 0;
        reason = ValidateShape(local, domain);
        if (reason != InvalidEmailReason.None)
        {
            return false;
        }

        reason = ValidateLocalPart(local);
        if (reason != InvalidEmailReason.None)
        {
            return false;
        }

        reason = ValidateDomain(domain);
        if (reason != InvalidEmailReason.None)
        {
            return false;
        }

        var isGmail = _foldGmailAliases
            && (domain.Equals(GmailDomain, StringComparison.OrdinalIgnoreCase)
                || domain.Equals(GooglemailDomain, StringComparison.OrdinalIgnoreCase));

        if (isGmail || _foldPlusTags)
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

        var outputDomain = isGmail ? GmailDomain.AsSpan() : domain;
        var localLength = isGmail ? local.Length - local.Count('.') : local.Length;
        if (localLength == 0)
        {
            reason = InvalidEmailReason.EmptyLocalPart;
            return false;
        }

        var required = localLength + 1 + outputDomain.Length;
        if (destination.Length < required)
        {
            throw new ArgumentException(
                $"The destination is too short for the normalized address ({required} characters needed; {MaxNormalizedLength} always suffice).",
                nameof(destination));
        }

        var written = isGmail
            ? WriteWithoutDots(local, destination)
            : WriteLowerCase(local, destination, alreadyLowerCase);
        destination[written++] = '@';
        written += WriteLowerCase(outputDomain, destination[written..], alreadyLowerCase: false);
        charsWritten = written;
        return true;
    }

    private static int WriteWithoutDots(ReadOnlySpan<char> local, Span<char> destination)
    {
        var written = 0;
        foreach (var c in local)
        {
            if (c != '.')
            {
                destination[written++] = c is >= 'A' and <= 'Z' ? (char)(c | 0x20) : c;
            }
        }

        return written;
    }

    private static int WriteLowerCase(ReadOnlySpan<char> source, Span<char> destination, bool alreadyLowerCase)
    {
        if (alreadyLowerCase)
        {
            source.CopyTo(destination);
            return source.Length;
        }

        // Only called with ASCII input when not already lower-cased.
        Ascii.ToLower(source, destination, out var written);
        return written;
    }
}
