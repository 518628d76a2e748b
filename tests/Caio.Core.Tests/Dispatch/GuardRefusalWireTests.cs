using System.Text.Json;
using Caio.Dispatch;
using Caio.Safety;

namespace Caio.Core.Tests.Dispatch;

/// <summary>A guard's refusal reaches the operator report with the established flat wire names.</summary>
public sealed class GuardRefusalWireTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task OperatorReport_DryRunRefusedByAGuard_WritesReasonAndFindingsUnderTheirWireNames()
    {
        using var harness = DispatchHarness.InMemory();
        var ben = await harness.ApprovedItemAsync("ben@beta.io");
        await harness.Suppression.RecordUnsubscribeAsync(ben.RecipientKey, "webhook", Ct);
        var batch = await harness.ApprovedBatchAsync();

        var report = await harness.Operator.RunAsync(DispatchHarness.DryRun(batch.Id), Ct);
        var json = JsonSerializer.Serialize(report, OperatorJsonContext.Default.OperatorReport);

        using var document = JsonDocument.Parse(json);
        var action = document.RootElement.GetProperty("batches")[0].GetProperty("actions")[0];
        Assert.Equal("refused", action.GetProperty("outcome").GetString());
        Assert.Equal(ReasonCodes.SuppressedUnsubscribed, action.GetProperty("reason").GetString());
        Assert.Equal(["suppression: suppressed_unsubscribed"], action.GetProperty("findings").EnumerateArray().Select(f => f.GetString()));
        Assert.False(action.TryGetProperty("refusal", out _));
    }
}
