using System.Security.Cryptography;
using Caio.Batches.Internal;

namespace Caio.Batches;

/// <summary>
/// The preview hash of a dispatch batch: lower-case hex SHA-256 over the canonical JSON of its
/// <see cref="BatchScope"/> (format version 1, specified in the dedup and batch hash documentation). Input order and
/// the letter case of emails do not change the hash; any change of motion, item id, action id, canonical email,
/// channel, step, day or content digest does.
/// </summary>
public static class PreviewHash
{
    /// <summary>The size of the hash in bytes (32).</summary>
    public const int SizeInBytes = 32;

    /// <summary>The version of the canonical form, written as its first member (<c>"version":1</c>).</summary>
    public const int CanonicalFormVersion = PreviewHashEncoder.FormatVersion;

    /// <summary>Computes the preview hash of a scope.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>64 lower-case hexadecimal digits.</returns>
    /// <exception cref="BatchScopeFormatException">The scope is invalid (see <see cref="BatchScope.Validate"/>).</exception>
    public static string Compute(BatchScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Span<byte> hash = stackalloc byte[SizeInBytes];
        PreviewHashEncoder.Hash(scope, hash);
        return Convert.ToHexStringLower(hash);
    }

    /// <summary>Computes the preview hash of a scope into a caller's buffer.</summary>
    /// <param name="scope">The scope.</param>
    /// <param name="destination">Receives the 32 hash bytes.</param>
    /// <returns><see langword="false"/> when <paramref name="destination"/> is shorter than <see cref="SizeInBytes"/>.</returns>
    /// <exception cref="BatchScopeFormatException">The scope is invalid.</exception>
    public static bool TryCompute(BatchScope scope, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(scope);
        if (destination.Length < SizeInBytes)
        {
            return false;
        }

        PreviewHashEncoder.Hash(scope, destination[..SizeInBytes]);
        return true;
    }

    /// <summary>
    /// Recomputes the hash of <paramref name="scope"/> and compares it with <paramref name="expectedHash"/> in
    /// constant time. The expected hash is 64 hexadecimal digits in either case.
    /// </summary>
    /// <param name="scope">The scope.</param>
    /// <param name="expectedHash">The hash recorded at approval.</param>
    /// <returns><see langword="true"/> when the hashes are equal; <see langword="false"/> when they differ or the expected hash is malformed.</returns>
    /// <exception cref="BatchScopeFormatException">The scope is invalid.</exception>
    public static bool Verify(BatchScope scope, string? expectedHash)
    {
        ArgumentNullException.ThrowIfNull(scope);
        Span<byte> expected = stackalloc byte[SizeInBytes];
        if (expectedHash is null
            || expectedHash.Length != 2 * SizeInBytes
            || Convert.FromHexString(expectedHash, expected, out _, out var written) != System.Buffers.OperationStatus.Done
            || written != SizeInBytes)
        {
            return false;
        }

        Span<byte> actual = stackalloc byte[SizeInBytes];
        PreviewHashEncoder.Hash(scope, actual);
        return CryptographicOperations.FixedTimeEquals(actual, expected);
    }

    /// <summary>Returns the canonical JSON that is hashed, for documentation and debugging.</summary>
    /// <param name="scope">The scope.</param>
    /// <returns>The canonical JSON text (its UTF-8 bytes are what is hashed).</returns>
    /// <exception cref="BatchScopeFormatException">The scope is invalid.</exception>
    public static string GetCanonicalJson(BatchScope scope)
    {
        ArgumentNullException.ThrowIfNull(scope);
        return PreviewHashEncoder.GetJson(scope);
    }
}
