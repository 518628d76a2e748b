using System.Text;
using Caio.Engagement;
using Caio.Providers.GoHighLevel;

namespace Caio.Providers.Tests.GoHighLevel;

public sealed class GoHighLevelWebhookParserTests
{
    private static WebhookParseResult Parse(string json) => GoHighLevelWebhookParser.Parse(Encoding.UTF8.GetBytes(json));

    [Fact]
    public void InboundEmail_IsReply_AutomaticAnswer_IsAutoReply()
    {
        var reply = Parse("""{"type":"InboundMessage","locationId":"l","contactId":"c1","messageType":"Email","direction":"inbound","subject":"Re: hi","body":"Sounds good","from":"Ana@Acme.com","webhookId":"w1"}""");
        var ooo = Parse("""{"type":"InboundMessage","locationId":"l","contactId":"c1","messageType":"Email","subject":"Automatic reply: hi","body":"I am away","from":"ana@acme.com"}""");

        Assert.Equal((EngagementEventKind.Replied, "ana@acme.com", "c1", "ghl:w1"), (reply.Event!.Kind, reply.Event.Email, reply.Event.ContactId, reply.Event.EventId));
        Assert.Equal(EngagementEventKind.AutoReply, ooo.Event!.Kind);
    }

    [Theory]
    [InlineData("delivered", null, EngagementEventKind.Delivered)]
    [InlineData("opened", null, EngagementEventKind.Opened)]
    [InlineData("failed", "permanent", EngagementEventKind.BouncedHard)]
    [InlineData("failed", "temporary", EngagementEventKind.BouncedSoft)]
    [InlineData("unsubscribed", null, EngagementEventKind.Unsubscribed)]
    public void EmailStats(string statsEvent, string? severity, EngagementEventKind kind)
    {
        var severityField = severity is null ? string.Empty : $",\"severity\":\"{severity}\"";
        var result = Parse($$"""{"type":"LCEmailStats","companyId":"co","webhookPayload":{"event":"{{statsEvent}}","id":"ev-1","timestamp":1764496800,"recipient":"ana@acme.com"{{severityField}} } }""");

        Assert.Equal(kind, result.Event!.Kind);
        Assert.Equal("ana@acme.com", result.Event.Email);
    }

    [Fact]
    public void DndAndDncTagAndAppointment()
    {
        Assert.Equal(EngagementEventKind.Unsubscribed, Parse("""{"type":"ContactDndUpdate","id":"c1","dnd":true}""").Event!.Kind);
        Assert.Equal(EngagementEventKind.Unsubscribed, Parse("""{"type":"ContactTagUpdate","id":"c1","tags":["x","caio-dnc"]}""").Event!.Kind);
        Assert.Equal(WebhookParseStatus.Ignored, Parse("""{"type":"ContactTagUpdate","id":"c1","tags":["x"]}""").Status);
        Assert.Equal(EngagementEventKind.MeetingBooked, Parse("""{"type":"AppointmentCreate","contactId":"c1"}""").Event!.Kind);
    }

    [Theory]
    [InlineData("""{"type":"InboundMessage","messageType":"Email","from":"a@b.co"}""", "contactId is missing")]
    [InlineData("""{"type":"LCEmailStats"}""", "webhookPayload is missing")]
    [InlineData("""{"type":"LCEmailStats","webhookPayload":{"event":"opened"}}""", "recipient")]
    [InlineData("""{"contactId":"c"}""", "type is missing")]
    [InlineData("\u0000", "not valid JSON")]
    public void Malformed_IsRejected(string json, string reason)
    {
        var result = Parse(json);

        Assert.Equal(WebhookParseStatus.Rejected, result.Status);
        Assert.Contains(reason, result.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void SmsAndUnknownTypes_AreIgnored()
    {
        Assert.Equal(WebhookParseStatus.Ignored, Parse("""{"type":"InboundMessage","contactId":"c","messageType":"SMS"}""").Status);
        Assert.Equal(WebhookParseStatus.Ignored, Parse("""{"type":"AppInstall"}""").Status);
    }
}
