using System.Text.Json;
using Caio.Dispatch;

namespace Caio.Core.Tests.Dispatch;

public sealed class ActionOutcomeKindTests
{
    [Theory]
    [InlineData(ActionOutcomeKind.Sent, "sent")]
    [InlineData(ActionOutcomeKind.WouldSend, "would_send")]
    [InlineData(ActionOutcomeKind.Refused, "refused")]
    [InlineData(ActionOutcomeKind.Deferred, "deferred")]
    [InlineData(ActionOutcomeKind.Failed, "failed")]
    [InlineData(ActionOutcomeKind.MaybeSent, "maybe_sent")]
    public void Serialize_EveryOutcome_WritesTheEstablishedWireNameAndReadsItBack(ActionOutcomeKind sut, string wire)
    {
        var json = JsonSerializer.Serialize(new ActionOutcome { ActionId = "a", ItemId = "i", RecipientKey = "email:a@b.io", Channel = "email", Outcome = sut }, OperatorJsonContext.Default.OperatorReport.Options);

        Assert.Contains($"\"outcome\": \"{wire}\"", json, StringComparison.Ordinal);
        Assert.Equal(wire, sut.ToWireName());
        Assert.Equal(sut, JsonSerializer.Deserialize<ActionOutcomeKind>($"\"{wire}\""));
    }
}
