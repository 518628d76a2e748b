using Caio.Batches;
using Caio.Dispatch;
using Caio.Worker.Commands;

namespace Caio.Worker.Tests;

public sealed class OperatorExitCodeTests
{
    private static ActionOutcome Sent(string id) =>
        new() { ActionId = id, ItemId = id, RecipientKey = "email:" + id + "@acme.com", Channel = "email", Step = 1, Outcome = ActionOutcomes.Sent };

    private static OperatorReport Live(params BatchDispatchReport[] batches) => new() { Motion = BatchMotion.Outbound, Live = true, Batches = batches };

    [Fact]
    public void ExitCode_RunThatHelpedAnotherReplicasBatch_IsSuccess()
    {
        var helped = new BatchDispatchReport { BatchId = "b1", Motion = BatchMotion.Outbound, Refusal = BatchRefusals.ClaimedByAnother, Actions = [Sent("a1")] };

        Assert.Equal(0, OperatorCommand.ExitCode(Live(helped)));
    }

    [Fact]
    public void ExitCode_RunThatFoundAnotherReplicasBatchWithNothingLeft_IsSuccess()
    {
        var nothingLeft = new BatchDispatchReport { BatchId = "b1", Motion = BatchMotion.Outbound, Refusal = BatchRefusals.ClaimedByAnother };

        Assert.Equal(0, OperatorCommand.ExitCode(Live(nothingLeft)));
    }

    [Fact]
    public void ExitCode_BatchRefused_IsFailure()
    {
        var refused = new BatchDispatchReport { BatchId = "b1", Motion = BatchMotion.Outbound, Refusal = BatchRefusals.AlreadyExecuted };

        Assert.Equal(1, OperatorCommand.ExitCode(Live(refused)));
    }
}
