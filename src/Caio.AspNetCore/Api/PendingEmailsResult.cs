using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Caio.AspNetCore.Api;

/// <summary>
/// Writes the <c>GET /api/pending-emails</c> body straight to the response: the envelope of the
/// compatibility contract around the drafts' JSON that <see cref="PendingEmailsReadModel"/> wrote once.
/// </summary>
internal sealed class PendingEmailsResult(PendingEmailsReadModel.Snapshot snapshot, int limit, bool includeNonDispatchable, DateTimeOffset now) : IResult
{
    public async Task ExecuteAsync(HttpContext httpContext)
    {
        var serializer = httpContext.RequestServices.GetRequiredService<IOptions<JsonOptions>>().Value.SerializerOptions;
        var response = httpContext.Response;
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/json; charset=utf-8";
        await using (var writer = new Utf8JsonWriter(response.BodyWriter, new JsonWriterOptions { Encoder = serializer.Encoder, Indented = serializer.WriteIndented, SkipValidation = true }))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("pending_emails");
            var shown = 0;
            for (var i = snapshot.Items.Count - 1; i >= 0 && shown < limit; i--)
            {
                var draft = snapshot.Items[i];
                if (draft.Sandbox && !includeNonDispatchable)
                {
                    continue;
                }

                writer.WriteRawValue(draft.Json, skipInputValidation: true);
                shown++;
            }

            writer.WriteEndArray();
            writer.WriteNumber("count", shown);
            writer.WriteNumber("total_pending", snapshot.Items.Count);
            writer.WriteNumber("synced_from_gatekeeper", 0);
            writer.WriteString("refreshed_at", PendingEmailJson.Microseconds(now));
            writer.WriteStartObject("_shadow_queue_debug");
            writer.WriteString("source", "review_queue");
            writer.WriteBoolean("include_non_dispatchable", includeNonDispatchable);
            writer.WriteEndObject();
            writer.WriteStartObject("_queue_watcher_debug");
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        await response.BodyWriter.FlushAsync(httpContext.RequestAborted).ConfigureAwait(false);
    }
}
