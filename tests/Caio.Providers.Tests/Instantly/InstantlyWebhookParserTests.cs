using System.Text;
using Caio.Engagement;
using Caio.Providers.Instantly;

namespace Caio.Providers.Tests.Instantly;

public sealed class InstantlyWebhookParserTests
{
    private static WebhookParseResult Parse(string json) => InstantlyWebhookParser.Parse(Encoding.UTF8.GetBytes(json));

    [Theory]
    [InlineData("email_sent", EngagementEventKind.Sent)]
    [InlineData("email_opened", EngagementEventKind.Opened)]
    [InlineData("reply_received", EngagementEventKind.Replied)]
    [InlineData("auto_reply_received", EngagementEventKind.AutoReply)]
    [InlineData("lead_out_of_office", EngagementEventKind.AutoReply)]
    [InlineData("email_bounced", EngagementEventKind.BouncedHard)]
    [InlineData("lead_unsubscribed", EngagementEventKind.Unsubscribed)]
    [InlineData("lead_interested", EngagementEventKind.Interested)]
    [InlineData("lead_not_interested", EngagementEventKind.NotInterested)]
    [InlineData("lead_meeting_booked", EngagementEventKind.MeetingBooked)]
    [InlineData("link_clicked", EngagementEventKind.Clicked)]
    [InlineData("email_link_clicked", EngagementEventKind.Clicked)]
    public void Parse_DocumentedEventTypes(string type, EngagementEventKind kind)
    {
        var result = Parse($$"""{"timestamp":"2026-11-30T10:00:00Z","event_type":"{{type}}","workspace":"w","campaign_id":"c1","campaign_name":"n","lead_email":"Ana@Acme.com","step":2,"email_id":"e-1","firstName":"Ana","unknown":{"x":1} }""");

        Assert.Equal(WebhookParseStatus.Parsed, result.Status);
        Assert.Equal(kind, result.Event!.Kind);
        Assert.Equal("ana@acme.com", result.Event.Email);
        Assert.Equal(2, result.Event.Step);
        Assert.Equal("c1", result.Event.CampaignId);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 10, 0, 0, TimeSpan.Zero), result.Event.OccurredAt);
    }

    [Fact]
    public void Parse_NumericTimestampOutOfRange_IsParsedWithoutATime()
    {
        var result = Parse("""{"event_type":"email_opened","timestamp":99999999999999999,"campaign_id":"c1","lead_email":"ana@acme.com"}""");

        Assert.Equal(WebhookParseStatus.Parsed, result.Status);
        Assert.Null(result.Event!.OccurredAt);
    }

    [Fact]
    public void Parse_SoftBounce_WhenSaidSo()
    {
        Assert.Equal(EngagementEventKind.BouncedSoft, Parse("""{"event_type":"email_bounced","lead_email":"a@b.co","bounce_type":"soft"}""").Event!.Kind);
    }

    [Fact]
    public void Parse_SameEventTwice_SameId_DifferentEvent_DifferentId()
    {
        const string Json = """{"timestamp":"2026-11-30T10:00:00Z","event_type":"reply_received","campaign_id":"c","lead_email":"a@b.co","email_id":"e"}""";
        var other = Json.Replace("e\"}", "f\"}", StringComparison.Ordinal);

        Assert.Equal(Parse(Json).Event!.EventId, Parse(Json).Event!.EventId);
        Assert.NotEqual(Parse(Json).Event!.EventId, Parse(other).Event!.EventId);
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("not json", "not valid JSON")]
    [InlineData("[1,2]", "not a JSON object")]
    [InlineData("""{"lead_email":"a@b.co"}""", "event_type is missing")]
    [InlineData("""{"event_type":"reply_received"}""", "lead_email is missing")]
    [InlineData("""{"event_type":"reply_received","lead_email":"not-an-address"}""", "not a valid address")]
    [InlineData("""{"event_type":"reply_received","lead_email":{"x":1}}""", "lead_email is missing")]
    public void Parse_Malformed_IsRejectedWithReason(string json, string reason)
    {
        var result = Parse(json);

        Assert.Equal(WebhookParseStatus.Rejected, result.Status);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_UnknownType_IsIgnored()
    {
        Assert.Equal(WebhookParseStatus.Ignored, Parse("""{"event_type":"campaign_completed","campaign_id":"c"}""").Status);
    }
}
