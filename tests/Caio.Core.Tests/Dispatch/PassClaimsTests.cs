using Caio.Batches;
using Caio.Dispatch;
using Caio.Dispatch.Internal;
using Microsoft.Extensions.Logging.Abstractions;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// The claims of one pass are taken in fixed groups, so an action the pass answered "not claimed" never
/// finds the claim it is about to take held by its own pass, whatever order the actions arrive in.
/// </summary>
public sealed class PassClaimsTests
{
    private const int Actions = 50;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ClaimedAsync_LaterActionArrivesBeforeAnEarlierOne_NoActionAnsweredNotClaimedIsHeldByThePass()
    {
        // 35 arrives first, then 33: with groups starting wherever an action arrived, 35 was answered
        // "not claimed" (fewer than a group's worth after it) and 33 then claimed 33..48, 35 included.
        await AssertNoActionWaitsForItsOwnPassAsync([35, 33, .. Enumerable.Range(0, Actions)]);
    }

    [Fact]
    public async Task ClaimedAsync_ActionsInAnyOrder_NoActionAnsweredNotClaimedIsHeldByThePass()
    {
        var random = new Random(11);
        for (var round = 0; round < 20; round++)
        {
            await AssertNoActionWaitsForItsOwnPassAsync([.. Enumerable.Range(0, Actions).OrderBy(_ => random.Next())]);
        }
    }

    [Fact]
    public async Task RunAsync_ActionWhoseOpenClaimIsTheExecutorsOwn_RunsAtOnceInsteadOfWaitingForItself()
    {
        using var harness = DispatchHarness.InMemory();
        await harness.ApprovedItemAsync("ana@alpha.io");
        await harness.ApprovedItemAsync("ben@beta.io");
        var batch = await harness.ApprovedBatchAsync();
        var claims = new ActionClaims(harness.Store, harness.Batches, harness.Time, new OperatorOptions(), NullLogger.Instance);
        var action = batch.Scope.Actions[0];

        // A claim of this executor's that an earlier pass did not give up. The clock never moves here, so
        // waiting for the claim to lapse would wait for ever.
        Assert.Equal(2, (await claims.ClaimGroupAsync(batch.Id, batch.Scope.Actions, Ct)).Count);
        var ran = await claims.RunAsync(batch, action, _ => Task.FromResult(Outcome(action)), Ct).WaitAsync(TimeSpan.FromSeconds(30), Ct);

        Assert.Equal(ActionOutcomes.Sent, ran.Outcome);
    }

    private static async Task AssertNoActionWaitsForItsOwnPassAsync(IEnumerable<int> arrivals)
    {
        using var harness = DispatchHarness.InMemory();
        for (var i = 0; i < Actions; i++)
        {
            await harness.ApprovedItemAsync($"lead{i:D2}@company{i % 7}.example");
        }

        var batch = await harness.ApprovedBatchAsync();
        var due = batch.Scope.Actions;
        var claims = new ActionClaims(harness.Store, harness.Batches, harness.Time, new OperatorOptions(), NullLogger.Instance);
        await using var pass = new BatchExecutor.PassClaims(claims, batch, due);
        var answers = new Dictionary<int, bool>();
        foreach (var at in arrivals)
        {
            if (!answers.ContainsKey(at))
            {
                answers[at] = await pass.ClaimedAsync(due[at], Ct);
            }
        }

        // Whole groups (0..15, 16..31, 32..47) are claimed by the pass; the last two actions are not.
        foreach (var (at, claimed) in answers)
        {
            var held = await harness.Store.GetAsync(ActionClaims.ClaimKey(batch.Id, due[at].ActionId), Ct) is not null;
            Assert.True(claimed == held, $"action {at}: answered {(claimed ? "claimed" : "not claimed")}, but its claim is {(held ? "held" : "absent")}");
            Assert.Equal(at < Actions / ActionClaims.GroupSize * ActionClaims.GroupSize, claimed);
        }
    }

    private static ActionOutcome Outcome(BatchAction action) => new()
    {
        ActionId = action.ActionId,
        ItemId = BatchMessage.ItemIdOf(action),
        RecipientKey = action.Email,
        Channel = "email",
        Step = action.Step,
        Outcome = ActionOutcomes.Sent,
    };
}
