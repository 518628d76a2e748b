using Caio.Batches;
using Caio.Dispatch;
using Caio.Pipeline;
using Caio.Review;

namespace Caio.Core.Tests.Dispatch;

/// <summary>Sandbox approvals and human work never mix: sandbox work stays out of human batches and off real channels.</summary>
public sealed class SandboxIsolationTests
{
    private const string SandboxActor = SandboxApproveStage.Actor;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task CreateAsync_HumanCreator_LeavesSandboxApprovedItemsOut()
    {
        using var harness = DispatchHarness.InMemory();
        var human = await harness.ApprovedItemAsync("ana@acme.example");
        var sandbox = await SandboxApprovedAsync(harness, "ben@globex.example");

        var created = await harness.Batches.CreateAsync(BatchMotions.Outbound, "head-of-sales", Ct);

        Assert.True(created.Succeeded, created.Refusal?.Detail);
        Assert.Equal([human.Id], created.Batch!.Scope.ItemIds);
        Assert.DoesNotContain(sandbox.Id, created.Batch.Scope.ItemIds);
    }

    [Fact]
    public async Task CreateAsync_HumanCreatorWithOnlySandboxItemsWaiting_NothingToBatch()
    {
        using var harness = DispatchHarness.InMemory();
        await SandboxApprovedAsync(harness, "ben@globex.example");

        var created = await harness.Batches.CreateAsync(BatchMotions.Outbound, "head-of-sales", Ct);

        Assert.Equal(BatchRefusals.NothingToBatch, created.Refusal?.Code);
    }

    [Fact]
    public async Task RunAsync_LeftoverSandboxBatchOnRealChannels_RefusedSandboxOnlyAndNothingSent()
    {
        using var harness = DispatchHarness.InMemory();
        var item = await SandboxApprovedAsync(harness, "ben@globex.example");
        var batch = await SandboxBatchAsync(harness, item.Id);

        // The next plain live run: no --channels, so the real (non-sandbox) channels.
        var report = await harness.Operator.RunAsync(DispatchHarness.Live(), Ct);

        var action = Assert.Single(Assert.Single(report.Batches, b => b.BatchId == batch.Id).Actions);
        Assert.Equal(ActionOutcomes.Refused, action.Outcome);
        Assert.Equal("sandbox_only", action.Reason);
        Assert.Equal(0, harness.Email.CallsStarted);
        Assert.Empty(harness.Recorder.ReadAll());
        Assert.Equal(ReviewStatus.Approved, await harness.StatusOfAsync(item.Id));
    }

    [Fact]
    public async Task RunAsync_DryRunOfSandboxBatchOnRealChannels_ReportsSandboxOnly()
    {
        using var harness = DispatchHarness.InMemory();
        var item = await SandboxApprovedAsync(harness, "ben@globex.example");
        var batch = await SandboxBatchAsync(harness, item.Id);

        var report = await harness.Operator.RunAsync(DispatchHarness.DryRun(batch.Id), Ct);

        var action = Assert.Single(Assert.Single(report.Batches).Actions);
        Assert.Equal(ActionOutcomes.Refused, action.Outcome);
        Assert.Equal("sandbox_only", action.Reason);
    }

    [Fact]
    public async Task RunAsync_SandboxBatchOnSandboxChannels_Sends()
    {
        using var harness = DispatchHarness.InMemory();
        var item = await SandboxApprovedAsync(harness, "ben@globex.example");
        var batch = await SandboxBatchAsync(harness, item.Id);

        var report = await harness.Operator.RunAsync(DispatchHarness.Live(batch.Id) with { Channels = ["sandbox"] }, Ct);

        Assert.Equal(ActionOutcomes.Sent, Assert.Single(Assert.Single(report.Batches).Actions).Outcome);
        Assert.Single(harness.Recorder.ReadAll());
        Assert.Equal(0, harness.Email.CallsStarted);
    }

    [Fact]
    public async Task HumanItemInSandboxBatchByItsIds_IsLeftOut()
    {
        using var harness = DispatchHarness.InMemory();
        var human = await harness.ApprovedItemAsync("ana@acme.example");

        var created = await harness.Batches.CreateAsync(BatchMotions.Outbound, SandboxActor, [human.Id], Ct);

        Assert.Equal(BatchRefusals.NothingToBatch, created.Refusal?.Code);
    }

    [Fact]
    public async Task SandboxMarks_SetAtCreation_AndTheBatchMarkIsCoveredByThePreviewHash()
    {
        using var harness = DispatchHarness.InMemory();
        var queued = await harness.Queue.EnqueueAsync(DispatchHarness.Draft("ben@globex.example") with { Sandbox = true }, cancellationToken: Ct);
        Assert.True(queued.Item!.Sandbox);
        var approved = await harness.Queue.ApproveAsync(queued.Item.Id, new ApproveRequest(), SandboxActor, Ct);
        Assert.True(approved.Item!.Sandbox);

        var batch = await SandboxBatchAsync(harness, approved.Item.Id);

        Assert.True(batch.Scope.Sandbox);
        Assert.NotEqual(PreviewHash.Compute(batch.Scope with { Sandbox = false }), batch.PreviewHash);
        Assert.Equal(PreviewHash.Compute(batch.Scope), batch.PreviewHash);
        var human = await harness.ApprovedItemAsync("ana@acme.example");
        Assert.False(human.Sandbox);
    }

    private static async Task<ReviewItem> SandboxApprovedAsync(DispatchHarness harness, string email)
    {
        var item = await harness.EnqueueAsync(email);
        var decision = await harness.Queue.ApproveAsync(item.Id, new ApproveRequest(Feedback: "sandbox auto-approval"), SandboxActor, Ct);
        Assert.True(decision.Succeeded, decision.Refusal?.Detail);
        return decision.Item!;
    }

    private static async Task<DispatchBatch> SandboxBatchAsync(DispatchHarness harness, string itemId)
    {
        var created = await harness.Batches.CreateAsync(BatchMotions.Outbound, SandboxActor, [itemId], Ct);
        Assert.True(created.Succeeded, created.Refusal?.Detail);
        var approved = await harness.Batches.ApproveAsync(created.Batch!.Id, SandboxActor, Ct);
        Assert.True(approved.Succeeded, approved.Refusal?.Detail);
        return approved.Batch!;
    }
}
