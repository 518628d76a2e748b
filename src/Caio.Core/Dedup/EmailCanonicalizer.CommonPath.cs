using System.Buffers;
using System.Text;
using Caio.Dedup.Internal;

namespace Caio.Dedup;

/// <summary>
/// The short path of <see cref="EmailCanonicalizer"/> for the common address: plain ASCII, valid, no alias to fold.
/// A handful of vectorized scans decide it; anything else is left to the full, rule-by-rule path.
/// </summary>
public sealed partial class EmailCanonicalizer
{
    // Every character a common address may hold: the local part's characters and '@'.
    private static readonly SearchValues<char> CommonChars =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789!#$%&'*+-/=?^_`{|}~.@");

    /// <summary>
    /// Writes, in ASCII bytes, what a set of canonical keys must be asked for <paramref name="address"/>, without
    /// validating it, when that is simply the address lower-cased: the trimmed address is ASCII and nothing the
    /// options fold applies (no Gmail domain, no <c>+</c> when <see cref="FoldPlusTags"/> is on). For such an address
    /// the full path gives either exactly this form or "invalid", and validity does not depend on letter case, so the
    /// lower-cased form is found among valid canonical keys exactly when the address is valid and its key is present.
    /// Returns <see cref="ProbeForm.Written"/> then; <see cref="ProbeForm.NeverContained"/> for an empty address; and
    /// <see cref="ProbeForm.NeedsFullPath"/> otherwise, where the caller normalizes it.
    /// </summary>
    internal ProbeForm WriteProbe(ReadOnlySpan<char> address, Span<byte> destination, out int bytesWritten)
    {
        var trimmed = address.Trim();
        bytesWritten = 0;
        if (trimmed.IsEmpty)
        {
            return ProbeForm.NeverContained;
        }

        // Longer than any valid ASCII address, but composing a Unicode one can shorten it: the full path decides.
        if (trimmed.Length > MaxNormalizedLength || Ascii.ToLower(trimmed, destination, out var written) != OperationStatus.Done)
        {
            return ProbeForm.NeedsFullPath;
        }

        var lower = destination[..written];
        if ((_foldPlusTags && lower.Contains((byte)'+'))
            || (_foldGmailAliases && (EndsWithDomain(lower, GmailDomainBytes) || EndsWithDomain(lower, GooglemailDomainBytes))))
        {
            return ProbeForm.NeedsFullPath;
        }

        bytesWritten = written;
        return ProbeForm.Written;
    }

    private static bool EndsWithDomain(ReadOnlySpan<byte> address, ReadOnlySpan<byte> domain) =>
        address.Length > domain.Length && address[^(domain.Length + 1)] == '@' && address.EndsWith(domain);

    /// <summary>
    /// Writes the normalized form of a trimmed address when it is the common case: ASCII, valid by every rule of
    /// the full path, and with nothing the options fold (a Gmail domain, or a <c>+tag</c> when
    /// <see cref="FoldPlusTags"/> is on). Returns <see langword="false"/> without deciding anything otherwise: the
    /// caller then runs the full path, which gives the result and the reason. For every address this accepts, the
    /// output is the full path's output (the address lower-cased).
    /// </summary>
    private bool TryNormalizeCommon(ReadOnlySpan<char> address, Span<char> destination, out int charsWritten)
    {
        charsWritten = 0;
        var length = address.Length;
        if (length > MaxNormalizedLength || destination.Length < length || address.ContainsAnyExcept(CommonChars))
        {
            return false;
        }

        var at = address.IndexOf('@');
        if (at <= 0 || at > MaxLocalPartLength || length - at - 1 > MaxDomainLength)
        {
            return false;
        }

        var local = address[..at];
        var domain = address[(at + 1)..];
        if (domain.IsEmpty
            || local[0] == '.'
            || local[^1] == '.'
            || local.IndexOf("..", StringComparison.Ordinal) >= 0
            || (_foldPlusTags && local.Contains('+'))
            || domain.ContainsAnyExcept(DomainChars))
        {
            return false;
        }

        // Labels: at least two, none empty, longer than 63 or starting or ending with '-'; the last not all digits.
        var rest = domain;
        var labels = 0;
        while (true)
        {
            var dot = rest.IndexOf('.');
            var label = dot < 0 ? rest : rest[..dot];
            if (label.IsEmpty || label.Length > MaxLabelLength || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }

            labels++;
            if (dot < 0)
            {
                if (labels < 2 || !label.ContainsAnyExcept(Digits))
                {
                    return false;
                }

                break;
            }

            rest = rest[(dot + 1)..];
        }

        Ascii.ToLower(address, destination, out var written);
        if (_foldGmailAliases)
        {
            var lower = destination[(at + 1)..written];
            if (lower.SequenceEqual(GmailDomain) || lower.SequenceEqual(GooglemailDomain))
            {
                return false;
            }
        }

        charsWritten = written;
        return true;
    }
}
