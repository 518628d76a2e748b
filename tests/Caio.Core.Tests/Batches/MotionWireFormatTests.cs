using System.Text;
using System.Text.Json;
using Caio.Batches;
using Caio.Core.Tests.Dispatch;
using Caio.Dispatch;
using Caio.Review;

namespace Caio.Core.Tests.Batches;

/// <summary>The motion is an enum in code and the same lower-case string on every wire, stored records included.</summary>
public sealed class MotionWireFormatTests : IDisposable
{
    // A review item and a batch exactly as stored before the motion became an enum (the motion a plain string).
    private const string OldItemRecord =
        """{"id":"rq_old_revival","status":"approved","createdAt":"2026-01-05T10:00:00+00:00","updatedAt":"2026-01-05T10:00:00+00:00","motion":"revival","sandbox":false,"recipientEmail":"ana@alpha.io","recipientKey":"email:ana@alpha.io","recipientName":"Ana","company":"Acme","companyDomain":"alpha.io","channel":"email","step":1,"day":1,"subject":"Hello","body":"Hi Ana, a short note.","crafter":"template","score":85,"tier":"tier_1","needsReview":false,"reasons":[{"category":"title","points":25,"detail":"ceo"}],"enriched":true,"facts":[],"approvedSubject":"Hello","approvedBody":"Hi Ana, a short note.","contentDigest":"dedc484ca2314d92d690239b4fbfa4514ca9ed0e24f3fca62ca310c29a43e120","decidedBy":"reviewer","decidedAt":"2026-01-05T10:00:00+00:00"}""";

    private const string OldBatchRecord =
        """{"id":"batch_old","motion":"outbound","status":"approved","scope":{"motion":"outbound","itemIds":["rq_20260105100000000_f0575ac77a"],"actions":[{"actionId":"rq_20260105100000000_f0575ac77a:s1","email":"ana@alpha.io","channel":"email","step":1,"day":1}],"contentDigests":{"rq_20260105100000000_f0575ac77a":"dedc484ca2314d92d690239b4fbfa4514ca9ed0e24f3fca62ca310c29a43e120"},"sandbox":false},"previewHash":"06b57672b6a35a65fb2e00ef52f9d79dd7b05527785809936c52b54f89d12590","createdAt":"2026-01-05T10:00:00+00:00","createdBy":"ops","expiresAt":"2026-01-06T10:00:00+00:00","approvedBy":"head-of-sales","approvedAt":"2026-01-05T10:00:00+00:00"}""";

    private readonly DispatchHarness _harness = DispatchHarness.InMemory();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _harness.Dispose();

    [Fact]
    public async Task ReviewItem_RecordStoredWithMotionAsString_ReadsTheMotion()
    {
        await _harness.Store.PutAsync(ReviewQueue.ItemKey("rq_old_revival"), Encoding.UTF8.GetBytes(OldItemRecord), cancellationToken: Ct);

        var item = await _harness.Queue.GetAsync("rq_old_revival", Ct);

        Assert.Equal(BatchMotion.Revival, item!.Motion);
    }

    [Fact]
    public async Task DispatchBatch_RecordStoredWithMotionAsString_ReadsAndItsHashStillVerifies()
    {
        await _harness.Store.PutAsync(BatchService.BatchKey("batch_old"), Encoding.UTF8.GetBytes(OldBatchRecord), cancellationToken: Ct);

        var batch = await _harness.Batches.GetAsync("batch_old", Ct);

        Assert.Equal(BatchMotion.Outbound, batch!.Motion);
        Assert.Equal(BatchMotion.Outbound, batch.Scope.Motion);
        Assert.True(PreviewHash.Verify(batch.Scope, batch.PreviewHash));
    }

    [Theory]
    [InlineData(2, "cadence")]
    [InlineData(1, "outbound")]
    public async Task StoredRecords_WriteTheMotionAsItsLowerCaseName(int step, string expected)
    {
        var item = await _harness.ApprovedItemAsync("ana@alpha.io", step: step);
        var batch = await _harness.ApprovedBatchAsync(item.Motion);

        var itemJson = Encoding.UTF8.GetString((await _harness.Store.GetAsync(ReviewQueue.ItemKey(item.Id), Ct))!.Value.Span);
        var batchJson = Encoding.UTF8.GetString((await _harness.Store.GetAsync(BatchService.BatchKey(batch.Id), Ct))!.Value.Span);

        Assert.Contains($"\"motion\":\"{expected}\"", itemJson, StringComparison.Ordinal);
        Assert.Contains($"{{\"id\":\"{batch.Id}\",\"motion\":\"{expected}\"", batchJson, StringComparison.Ordinal);
        Assert.Contains($"\"scope\":{{\"motion\":\"{expected}\"", batchJson, StringComparison.Ordinal);
    }

    [Fact]
    public void OperatorReport_EveryMotionIsAll_AndAnUnknownBatchMotionIsQuestionMark()
    {
        var report = new OperatorReport
        {
            Motion = null,
            Live = false,
            Batches = [new BatchDispatchReport { BatchId = "b1", Motion = null }, new BatchDispatchReport { BatchId = "b2", Motion = BatchMotion.Revival }],
        };

        var json = JsonSerializer.Serialize(report, OperatorJsonContext.Default.OperatorReport);
        var back = JsonSerializer.Deserialize(json, OperatorJsonContext.Default.OperatorReport)!;

        using var document = JsonDocument.Parse(json);
        Assert.Equal("all", document.RootElement.GetProperty("motion").GetString());
        Assert.Equal("?", document.RootElement.GetProperty("batches")[0].GetProperty("motion").GetString());
        Assert.Equal("revival", document.RootElement.GetProperty("batches")[1].GetProperty("motion").GetString());
        Assert.Null(back.Motion);
        Assert.Null(back.Batches[0].Motion);
        Assert.Equal(BatchMotion.Revival, back.Batches[1].Motion);
    }

    [Fact]
    public void OperatorReport_OneMotion_WritesItsName()
    {
        var json = JsonSerializer.Serialize(new OperatorReport { Motion = BatchMotion.Cadence, Live = true, Batches = [] }, OperatorJsonContext.Default.OperatorReport);

        Assert.Equal("cadence", JsonDocument.Parse(json).RootElement.GetProperty("motion").GetString());
    }

    [Theory]
    [InlineData("outbound", BatchMotion.Outbound)]
    [InlineData("cadence", BatchMotion.Cadence)]
    [InlineData("revival", BatchMotion.Revival)]
    public void TryParse_WireName_RoundTripsThroughToWireName(string name, BatchMotion motion)
    {
        Assert.True(BatchMotions.TryParse(name, out var parsed));
        Assert.Equal(motion, parsed);
        Assert.Equal(name, motion.ToWireName());
        Assert.Equal(JsonSerializer.Serialize(name), JsonSerializer.Serialize(motion));
    }

    [Theory]
    [InlineData("Outbound")]
    [InlineData("all")]
    [InlineData("")]
    [InlineData(null)]
    public void TryParse_NotAMotion_False(string? name) => Assert.False(BatchMotions.TryParse(name, out _));
}
