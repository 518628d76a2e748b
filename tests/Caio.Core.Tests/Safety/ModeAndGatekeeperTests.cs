using Caio.Safety;

namespace Caio.Core.Tests.Safety;

public sealed class ModeAndGatekeeperTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EvaluateAsync_NotLive_DeniesDryRun()
    {
        var harness = new SafetyHarness();
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send() with { Live = false }, Ct);

        Assert.True(result.Decision.IsDenied);
        Assert.Equal(ReasonCodes.DryRun, result.Decision.Refusal?.Code);
        Assert.Equal("mode", result.DecidedBy);
    }

    [Fact]
    public async Task EvaluateAsync_ShadowModeLive_DeniesShadowMode()
    {
        var harness = new SafetyHarness(o => o.ShadowMode = true);
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send(), Ct);

        Assert.Equal(ReasonCodes.ShadowMode, result.Decision.Refusal?.Code);
    }

    [Fact]
    public async Task EvaluateAsync_LiveWithoutBatch_DeniesBatchNotApproved()
    {
        var harness = new SafetyHarness();
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send() with { Batch = null }, Ct);

        Assert.Equal(ReasonCodes.BatchNotApproved, result.Decision.Refusal?.Code);
        Assert.Equal("gatekeeper", result.DecidedBy);
    }

    [Theory]
    [InlineData(false, 1, true, true, null, ReasonCodes.BatchNotApproved)]
    [InlineData(true, 0, true, true, null, ReasonCodes.BatchExpired)]
    [InlineData(true, -1, true, true, null, ReasonCodes.BatchExpired)]
    [InlineData(true, 1, false, true, null, ReasonCodes.BatchHashMismatch)]
    [InlineData(true, 1, true, false, null, ReasonCodes.NotInBatchScope)]
    [InlineData(true, 1, true, true, "other-batch", ReasonCodes.NotInBatchScope)]
    [InlineData(true, 1, true, true, null, null)]
    public async Task EvaluateAsync_BatchAuthorization_DeniesUnlessApprovedUnexpiredVerifiedInScope(
        bool approved, int expiresInMinutes, bool hashVerified, bool inScope, string? contextBatchId, string? expectedReason)
    {
        var harness = new SafetyHarness();
        var sut = harness.Chain();
        var batch = new BatchAuthorization("batch-1", approved, harness.Time.GetUtcNow().AddMinutes(expiresInMinutes), hashVerified, inScope);
        var context = harness.Send() with { Batch = batch, BatchId = contextBatchId ?? "batch-1" };

        var result = await sut.EvaluateAsync(context, Ct);

        Assert.Equal(expectedReason, result.Decision.Refusal?.Code);
        Assert.Equal(expectedReason is null, result.IsAllowed);
    }

    [Fact]
    public async Task EvaluateAsync_DryRunWithoutBatch_GatekeeperDoesNotApply()
    {
        var harness = new SafetyHarness();
        var sut = harness.Chain();

        var result = await sut.EvaluateAsync(harness.Send() with { Live = false, Batch = null }, EvaluationMode.DryRun, Ct);

        Assert.Contains(result.Findings, f => f.Guard == "gatekeeper" && f.Decision.IsAllowed);
        Assert.True(result.AllowsExcept(ReasonCodes.DryRun));
    }
}
