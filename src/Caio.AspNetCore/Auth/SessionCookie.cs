using System.Buffers.Text;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Auth;

/// <summary>
/// The browser session <c>caio_session</c>: <c>base64url(payload).base64url(HMAC-SHA256)</c>, keyed from
/// <c>SESSION_SECRET_KEY</c> with HKDF, so every instance sharing the key accepts it and a restart keeps
/// sessions. It carries the reviewer, its expiry and a nonce the CSRF token is derived from.
/// </summary>
internal sealed class SessionCookie
{
    public const string Name = "caio_session";
    public const string CsrfHeader = "X-CSRF-Token";
    private readonly byte[] _key;
    private readonly TimeProvider _time;
    private readonly TimeSpan _lifetime;

    public SessionCookie(IOptions<CaioDashboardOptions> options, TimeProvider time)
    {
        var o = options.Value;
        (var secret, Source) = o.SessionSecret is { } key ? (key, "SESSION_SECRET_KEY")
            : o.Token is { } token ? (token, o.IsProductionLike ? "DASHBOARD_AUTH_TOKEN_FALLBACK" : "DASHBOARD_AUTH_TOKEN")
            : (Convert.ToHexString(RandomNumberGenerator.GetBytes(32)), "LOCAL_DEFAULT");
        _key = HKDF.DeriveKey(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret), 32, info: Encoding.ASCII.GetBytes("caio_session.v1"));
        _time = time;
        _lifetime = o.SessionLifetime;
    }

    /// <summary>Where the signing key came from, as reported by <c>auth.session_secret_source</c>.</summary>
    public string Source { get; }

    public string Issue(string subject)
    {
        var now = _time.GetUtcNow();
        var payload = JsonSerializer.SerializeToUtf8Bytes(new SessionPayload(subject, now.ToUnixTimeSeconds(), now.Add(_lifetime).ToUnixTimeSeconds(), Convert.ToHexString(RandomNumberGenerator.GetBytes(16))), SessionJsonContext.Default.SessionPayload);
        var body = Base64Url.EncodeToString(payload);
        return body + "." + Base64Url.EncodeToString(Sign(body));
    }

    public SessionPayload? Read(string? cookie)
    {
        if (string.IsNullOrEmpty(cookie) || cookie.Length > 4096)
        {
            return null;
        }

        var dot = cookie.IndexOf('.', StringComparison.Ordinal);
        if (dot <= 0 || !Base64Url.IsValid(cookie.AsSpan(dot + 1)))
        {
            return null;
        }

        var signature = Base64Url.DecodeFromChars(cookie.AsSpan(dot + 1));
        if (!CryptographicOperations.FixedTimeEquals(signature, Sign(cookie[..dot])) || !Base64Url.IsValid(cookie.AsSpan(0, dot)))
        {
            return null;
        }

        try
        {
            var payload = JsonSerializer.Deserialize(Base64Url.DecodeFromChars(cookie.AsSpan(0, dot)), SessionJsonContext.Default.SessionPayload);
            return payload is not null && payload.Exp > _time.GetUtcNow().ToUnixTimeSeconds() ? payload : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The CSRF token of a session: a MAC of its nonce, so only a reader of the session (the page, via <c>/api/session</c>) knows it.</summary>
    public string CsrfToken(SessionPayload session) => Base64Url.EncodeToString(Sign("csrf:" + session.Nonce));

    public bool CsrfMatches(SessionPayload session, string? presented) =>
        presented is not null && TokenComparer.Matches(CsrfToken(session), presented);

    public void Append(HttpContext context, string value) =>
        context.Response.Cookies.Append(Name, value, new CookieOptions
        {
            Path = "/",
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            MaxAge = _lifetime,
        });

    public static void Clear(HttpContext context) =>
        context.Response.Cookies.Delete(Name, new CookieOptions { Path = "/", HttpOnly = true, SameSite = SameSiteMode.Lax, Secure = context.Request.IsHttps });

    private byte[] Sign(string text) => HMACSHA256.HashData(_key, Encoding.UTF8.GetBytes(text));
}

/// <summary>The signed content of a session cookie.</summary>
internal sealed record SessionPayload(string Sub, long Iat, long Exp, string Nonce);

[System.Text.Json.Serialization.JsonSerializable(typeof(SessionPayload))]
[System.Text.Json.Serialization.JsonSourceGenerationOptions(PropertyNamingPolicy = System.Text.Json.Serialization.JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class SessionJsonContext : System.Text.Json.Serialization.JsonSerializerContext;
