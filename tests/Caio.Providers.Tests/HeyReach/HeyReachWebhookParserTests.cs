using System.Text;
using Caio.Engagement;
using Caio.Providers.HeyReach;

namespace Caio.Providers.Tests.HeyReach;

public sealed class HeyReachWebhookParserTests
{
    private static WebhookParseResult Parse(string json) => HeyReachWebhookParser.Parse(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("CONNECTION_REQUEST_ACCEPTED", EngagementEventKind.ConnectionAccepted)]
    [InlineData("MESSAGE_REPLY_RECEIVED", EngagementEventKind.LinkedInReply)]
    [InlineData("INMAIL_REPLY_RECEIVED", EngagementEventKind.LinkedInReply)]
    [InlineData("EVERY_MESSAGE_REPLY_RECEIVED", EngagementEventKind.LinkedInReply)]
    [InlineData("CONNECTION_REQUEST_SENT", EngagementEventKind.Sent)]
    [InlineData("MESSAGE_SENT", EngagementEventKind.Sent)]
    public void Parse_CamelCase(string type, EngagementEventKind kind)
    {
        var result = Parse($$"""{"eventType":"{{type}}","lead":{"firstName":"Ana","profileUrl":"https://linkedin.com/in/Ana-Lopez","emailAddress":"ana@acme.com"},"campaign":{"id":12,"name":"n"},"conversationId":"c-1","message":"hi","timestamp":"2026-11-30T10:00:00Z","extra":[1]}""");

        Assert.Equal(WebhookParseStatus.Parsed, result.Status);
        Assert.Equal(kind, result.Event!.Kind);
        Assert.Equal("https://www.linkedin.com/in/ana-lopez/", result.Event.LinkedInUrl);
        Assert.Equal("12", result.Event.CampaignId);
        Assert.Equal("ana@acme.com", result.Event.Email);
    }

    [Fact]
    public void Parse_SnakeCase_SameLeadAndSameIdAsRedelivery()
    {
        const string Json = """{"event_type":"MESSAGE_REPLY_RECEIVED","lead":{"profile_url":"https://www.linkedin.com/in/ana-lopez/"},"conversation_id":"c-1","recent_messages":[{"message":"old"},{"message":"yes please"}],"timestamp":1764496800}""";

        var first = Parse(Json);
        var again = Parse(Json);

        Assert.Equal(EngagementEventKind.LinkedInReply, first.Event!.Kind);
        Assert.Equal("https://www.linkedin.com/in/ana-lopez/", first.Event.LinkedInUrl);
        Assert.Equal(first.Event.EventId, again.Event!.EventId);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(1764496800), first.Event.OccurredAt);
    }

    [Theory]
    [InlineData("""{"eventType":"MESSAGE_REPLY_RECEIVED","lead":{"firstName":"Ana"}}""", "profile URL is missing")]
    [InlineData("""{"eventType":"MESSAGE_REPLY_RECEIVED","lead":{"profileUrl":"https://example.com/ana"}}""", "not a LinkedIn profile")]
    [InlineData("""{"lead":{"profileUrl":"https://www.linkedin.com/in/a/"}}""", "eventType is missing")]
    [InlineData("{", "not valid JSON")]
    public void Parse_Malformed_IsRejected(string json, string reason)
    {
        var result = Parse(json);

        Assert.Equal(WebhookParseStatus.Rejected, result.Status);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OtherTypes_AreIgnored()
    {
        Assert.Equal(WebhookParseStatus.Ignored, Parse("""{"eventType":"LIKED_POST"}""").Status);
    }
}
