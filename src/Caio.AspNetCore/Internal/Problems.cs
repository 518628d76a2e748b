using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace Caio.AspNetCore.Internal;

/// <summary>RFC 9457 Problem Details with Caio's reason code (<c>reason</c>). <c>detail</c> is also the field the replaced deployment's clients read.</summary>
internal static class Problems
{
    public static JsonObject Body(int status, string title, string detail, string reason) => new()
    {
        ["type"] = "https://caio.dev/problems/" + reason,
        ["title"] = title,
        ["status"] = status,
        ["detail"] = detail,
        ["reason"] = reason,
    };

    public static IResult Result(int status, string title, string detail, string reason) =>
        Results.Json(Body(status, title, detail, reason), statusCode: status, contentType: "application/problem+json");

    public static async Task Write(HttpContext context, int status, string title, string detail, string reason)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/problem+json";
        await context.Response.WriteAsync(Body(status, title, detail, reason).ToJsonString(), context.RequestAborted).ConfigureAwait(false);
    }
}
