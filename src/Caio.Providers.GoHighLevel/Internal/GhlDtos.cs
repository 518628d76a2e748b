using System.Text.Json.Serialization;

namespace Caio.Providers.GoHighLevel.Internal;

internal sealed record UpsertRequest(
    [property: JsonPropertyName("locationId")] string LocationId,
    [property: JsonPropertyName("email")] string Email,
    [property: JsonPropertyName("firstName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? FirstName,
    [property: JsonPropertyName("lastName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? LastName,
    [property: JsonPropertyName("companyName"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? CompanyName,
    [property: JsonPropertyName("tags"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Tags,
    [property: JsonPropertyName("source"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Source);

internal sealed record UpsertResponse([property: JsonPropertyName("new")] bool New, [property: JsonPropertyName("contact")] GhlContact? Contact);

internal sealed record ContactResponse([property: JsonPropertyName("contact")] GhlContact? Contact);

internal sealed record TagsRequest([property: JsonPropertyName("tags")] IReadOnlyList<string> Tags);

internal sealed record SendRequest(
    [property: JsonPropertyName("type")] string Type,
    [property: JsonPropertyName("contactId")] string ContactId,
    [property: JsonPropertyName("subject")] string Subject,
    [property: JsonPropertyName("html")] string Html,
    [property: JsonPropertyName("message")] string Message,
    [property: JsonPropertyName("emailFrom"), JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? EmailFrom);

internal sealed record OpportunitiesResponse([property: JsonPropertyName("opportunities")] IReadOnlyList<GhlOpportunity>? Opportunities);

internal sealed record PipelinesResponse([property: JsonPropertyName("pipelines")] IReadOnlyList<GhlPipeline>? Pipelines);

[JsonSerializable(typeof(UpsertRequest))]
[JsonSerializable(typeof(UpsertResponse))]
[JsonSerializable(typeof(ContactResponse))]
[JsonSerializable(typeof(TagsRequest))]
[JsonSerializable(typeof(SendRequest))]
[JsonSerializable(typeof(GhlSendResult))]
[JsonSerializable(typeof(OpportunitiesResponse))]
[JsonSerializable(typeof(PipelinesResponse))]
internal sealed partial class GhlJsonContext : JsonSerializerContext;
