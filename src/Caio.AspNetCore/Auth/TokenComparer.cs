using System.Security.Cryptography;
using System.Text;

namespace Caio.AspNetCore.Auth;

/// <summary>Constant-time comparison of secrets: both sides are hashed first, so neither content nor length leaks through timing.</summary>
internal static class TokenComparer
{
    public static bool Matches(string expected, string? presented)
    {
        if (presented is null)
        {
            return false;
        }

        Span<byte> a = stackalloc byte[32];
        Span<byte> b = stackalloc byte[32];
        SHA256.HashData(Encoding.UTF8.GetBytes(expected), a);
        SHA256.HashData(Encoding.UTF8.GetBytes(presented), b);
        return CryptographicOperations.FixedTimeEquals(a, b);
    }
}
