using System.Globalization;
using System.Net.Security;
using System.Net.Sockets;
using System.Text;

namespace Caio.AspNetCore.Smoke;

/// <summary>
/// HTTP for the smoke checks: an <see cref="HttpClient"/> that follows redirects like the contract's
/// scripts, and a raw HTTP/1.1 client for the bypass matrix, which must send request targets
/// (<c>//</c>, <c>%2e%2e</c>, <c>%C0%AE</c> …) exactly as written — <see cref="Uri"/> would normalise them.
/// </summary>
internal sealed class SmokeClient(Uri baseUrl, TimeSpan timeout) : IDisposable
{
    private readonly HttpClient _http = new(new SocketsHttpHandler { AllowAutoRedirect = true, UseCookies = false, ConnectTimeout = timeout }) { Timeout = timeout };

    public string Base { get; } = baseUrl.ToString().TrimEnd('/');

    public async Task<(int? Status, string Body, string? Error)> SendAsync(HttpMethod method, string path, IEnumerable<KeyValuePair<string, string>>? headers = null, string? json = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, Base + path);
        foreach (var (name, value) in headers ?? [])
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        if (json is not null)
        {
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false), null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return (null, string.Empty, ex.Message);
        }
    }

    public async Task<(int? Status, string? Error)> SendBytesAsync(string path, byte[] body, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, Base + path) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        try
        {
            using var response = await _http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            return ((int)response.StatusCode, null);
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException)
        {
            return (null, ex.Message);
        }
    }

    /// <summary>Sends <c>GET {target} HTTP/1.1</c> with the target byte for byte and returns the status of the answer (no redirects followed).</summary>
    public async Task<(int? Status, string? Error)> RawGetAsync(string target, IEnumerable<KeyValuePair<string, string>> headers, CancellationToken cancellationToken)
    {
        using var timeoutSource = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeoutSource.CancelAfter(timeout);
        try
        {
            using var tcp = new TcpClient();
            await tcp.ConnectAsync(baseUrl.Host, baseUrl.Port, timeoutSource.Token).ConfigureAwait(false);
            Stream stream = tcp.GetStream();
            if (baseUrl.Scheme == Uri.UriSchemeHttps)
            {
                var ssl = new SslStream(stream, leaveInnerStreamOpen: false);
                await ssl.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = baseUrl.Host }, timeoutSource.Token).ConfigureAwait(false);
                stream = ssl;
            }

            await using (stream.ConfigureAwait(false))
            {
                var request = new StringBuilder();
                request.Append(CultureInfo.InvariantCulture, $"GET {target} HTTP/1.1\r\n");
                var hasHost = false;
                foreach (var (name, value) in headers)
                {
                    hasHost |= string.Equals(name, "Host", StringComparison.OrdinalIgnoreCase);
                    request.Append(CultureInfo.InvariantCulture, $"{name}: {value}\r\n");
                }

                if (!hasHost)
                {
                    request.Append(CultureInfo.InvariantCulture, $"Host: {baseUrl.Authority}\r\n");
                }

                request.Append("Connection: close\r\n\r\n");
                await stream.WriteAsync(Encoding.Latin1.GetBytes(request.ToString()), timeoutSource.Token).ConfigureAwait(false);
                var buffer = new byte[256];
                var read = 0;
                while (read < 12)
                {
                    var n = await stream.ReadAsync(buffer.AsMemory(read), timeoutSource.Token).ConfigureAwait(false);
                    if (n == 0)
                    {
                        break;
                    }

                    read += n;
                }

                var line = Encoding.Latin1.GetString(buffer, 0, read);
                return line.StartsWith("HTTP/", StringComparison.Ordinal) && line.Length >= 12 && int.TryParse(line.AsSpan(9, 3), NumberStyles.None, CultureInfo.InvariantCulture, out var status)
                    ? (status, null)
                    : (null, "no HTTP status line in the answer");
            }
        }
        catch (Exception ex) when (ex is SocketException or IOException or OperationCanceledException or System.Security.Authentication.AuthenticationException)
        {
            return (null, ex.Message);
        }
    }

    public void Dispose() => _http.Dispose();
}
