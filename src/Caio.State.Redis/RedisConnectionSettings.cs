using System.Globalization;
using StackExchange.Redis;

namespace Caio.State.Redis;

/// <summary>Turns <see cref="RedisStateOptions"/> into StackExchange.Redis settings, and names endpoints without credentials.</summary>
internal static class RedisConnectionSettings
{
    /// <summary>Builds the client configuration from a <c>redis://</c>/<c>rediss://</c> address or a connection string.</summary>
    /// <exception cref="ArgumentException">The address is malformed (the message never repeats a password).</exception>
    public static ConfigurationOptions Parse(string connectionString, TimeSpan commandTimeout)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(connectionString);
        var options = connectionString.StartsWith("redis://", StringComparison.OrdinalIgnoreCase) || connectionString.StartsWith("rediss://", StringComparison.OrdinalIgnoreCase)
            ? FromUrl(connectionString)
            : ConfigurationOptions.Parse(connectionString);
        var timeout = (int)Math.Clamp(commandTimeout.TotalMilliseconds, 1, int.MaxValue);
        options.SyncTimeout = timeout;
        options.AsyncTimeout = timeout;
        options.ConnectTimeout = Math.Max(options.ConnectTimeout, timeout);

        // The client reconnects on its own; a store built while Redis is down comes up when Redis does.
        options.AbortOnConnectFail = false;
        return options;
    }

    /// <summary>The endpoints, for messages: <c>redis 10.0.0.5:6379</c>; never credentials.</summary>
    public static string Describe(ConfigurationOptions options) =>
        "redis " + (options.EndPoints.Count == 0 ? "(no endpoint)" : string.Join(",", options.EndPoints.Select(Format)));

    /// <summary>The endpoints of a live multiplexer, for messages.</summary>
    public static string Describe(IConnectionMultiplexer multiplexer) =>
        "redis " + string.Join(",", multiplexer.GetEndPoints().Select(Format));

    private static ConfigurationOptions FromUrl(string url)
    {
        if (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || string.IsNullOrEmpty(uri.Host))
        {
            throw new ArgumentException("REDIS_URL must look like redis://[user:password@]host[:port][/database] or rediss://… for TLS.", nameof(url));
        }

        var options = new ConfigurationOptions
        {
            Ssl = string.Equals(uri.Scheme, "rediss", StringComparison.OrdinalIgnoreCase),
        };
        options.EndPoints.Add(uri.Host, uri.IsDefaultPort || uri.Port <= 0 ? 6379 : uri.Port);
        if (options.Ssl)
        {
            options.SslHost = uri.Host;
        }

        if (uri.UserInfo.Length > 0)
        {
            var separator = uri.UserInfo.IndexOf(':', StringComparison.Ordinal);
            var user = Uri.UnescapeDataString(separator < 0 ? string.Empty : uri.UserInfo[..separator]);
            var password = Uri.UnescapeDataString(separator < 0 ? uri.UserInfo : uri.UserInfo[(separator + 1)..]);
            options.User = user.Length > 0 ? user : null;
            options.Password = password.Length > 0 ? password : null;
        }

        var path = uri.AbsolutePath.Trim('/');
        if (path.Length > 0)
        {
            if (!int.TryParse(path, NumberStyles.None, CultureInfo.InvariantCulture, out var database))
            {
                throw new ArgumentException($"REDIS_URL names database '{path}'; it must be a number (redis://host:6379/0).", nameof(url));
            }

            options.DefaultDatabase = database;
        }

        return options;
    }

    private static string Format(System.Net.EndPoint endPoint) => endPoint switch
    {
        System.Net.DnsEndPoint dns => $"{dns.Host}:{dns.Port}",
        System.Net.IPEndPoint ip => ip.ToString(),
        _ => endPoint.ToString() ?? "?",
    };
}
