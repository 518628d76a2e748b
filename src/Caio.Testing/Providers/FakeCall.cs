using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Caio.Testing.Providers;

/// <summary>One request being served by a fake provider server, with the fault hooks a handler calls after its side effect.</summary>
public sealed class FakeCall
{
    private readonly FakeFaults _faults;

    internal FakeCall(HttpContext context, string body, FakeFaults faults)
    {
        Context = context;
        Body = body;
        _faults = faults;
    }

    /// <summary>The HTTP context.</summary>
    public HttpContext Context { get; }

    /// <summary>The request body.</summary>
    public string Body { get; }

    /// <summary>Method.</summary>
    public string Method => Context.Request.Method;

    /// <summary>Path.</summary>
    public string Path => Context.Request.Path.Value ?? "/";

    /// <summary>Whether the connection was cut by fault injection.</summary>
    public bool Aborted { get; private set; }

    /// <summary>A query parameter.</summary>
    /// <param name="name">Name.</param>
    /// <returns>The value, or <see langword="null"/>.</returns>
    public string? Query(string name) => Context.Request.Query.TryGetValue(name, out var value) ? value.ToString() : null;

    /// <summary>
    /// Called by a handler right after it recorded a side effect: may cut the connection or hang
    /// (the side effect stays done; the caller cannot know). Returns <see langword="true"/> when the
    /// answer was taken over by the fault.
    /// </summary>
    /// <returns>Whether the handler must stop.</returns>
    public async Task<bool> AfterSideEffectAsync()
    {
        if (_faults.Roll(_faults.AbortAfterSideEffectRate))
        {
            Aborted = true;
            Context.Abort();
            return true;
        }

        if (_faults.Roll(_faults.HangAfterSideEffectRate))
        {
            try
            {
                await Task.Delay(_faults.HangFor, Context.RequestAborted).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                Aborted = true;
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes a JSON answer (malformed, when fault injection says so for a success).</summary>
    /// <param name="status">Status.</param>
    /// <param name="body">Body.</param>
    /// <returns>A task.</returns>
    public async Task JsonAsync(int status, JsonNode? body)
    {
        Context.Response.StatusCode = status;
        Context.Response.ContentType = "application/json";
        var text = status < 300 && _faults.Roll(_faults.MalformedRate) ? "{\"items\": [ {\"id\": " : body?.ToJsonString() ?? "null";
        if (!_faults.Roll(_faults.StalledBodyRate))
        {
            await Context.Response.WriteAsync(text, Encoding.UTF8, Context.RequestAborted).ConfigureAwait(false);
            return;
        }

        // The answer's length is announced and its first byte sent; the rest comes only after the stall.
        var bytes = Encoding.UTF8.GetBytes(text);
        Context.Response.ContentLength = bytes.Length;
        await Context.Response.Body.WriteAsync(bytes.AsMemory(0, 1), Context.RequestAborted).ConfigureAwait(false);
        await Context.Response.Body.FlushAsync(Context.RequestAborted).ConfigureAwait(false);
        await Task.Delay(_faults.HangFor, Context.RequestAborted).ConfigureAwait(false);
        await Context.Response.Body.WriteAsync(bytes.AsMemory(1), Context.RequestAborted).ConfigureAwait(false);
    }
}
