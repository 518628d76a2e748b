using Caio.Audit;
using Caio.Dedup;
using Caio.Review;
using Caio.State;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Review;

public sealed class ReviewDecisionTests
{
    private readonly FakeTimeProvider _time = new(TestClock.Start);
    private readonly AuditLog _audit;
    private readonly ReviewQueue _sut;

    public ReviewDecisionTests()
    {
        var store = new InMemoryStateStore(_time);
        _audit = new AuditLog(store);
        _sut = new ReviewQueue(store, EmailCanonicalizer.Default, _time, _audit, Options.Create(new ReviewOptions()));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ApproveAsync_Unchanged_ApprovesWithDigestAndAudits()
    {
        var id = await EnqueueAsync();

        var result = await _sut.ApproveAsync(id, new ApproveRequest(Feedback: "good"), "head-of-sales", Ct);

        Assert.True(result.Succeeded);
        var item = (await _sut.GetAsync(id, Ct))!;
        Assert.Equal(ReviewStatus.Approved, item.Status);
        Assert.Equal("head-of-sales", item.DecidedBy);
        Assert.Equal(ContentDigest.Compute(item.Channel, item.Subject, item.Body), item.ContentDigest);
        var audit = await ReadAuditAsync();
        Assert.Equal(AuditActions.ReviewApproved, audit.Single().Action);
        Assert.Null(audit.Single().BodyBefore);
        var feedback = await ReadFeedbackAsync();
        Assert.Equal("approved", feedback.Single().Decision);
        Assert.Equal([id], (await _sut.ListAsync(ReviewStatus.Approved, cancellationToken: Ct)).Select(i => i.Id));
        Assert.Empty(await _sut.ListAsync(ReviewStatus.Pending, cancellationToken: Ct));
    }

    [Fact]
    public async Task ApproveAsync_SmallEdit_RecordsBeforeAfterAsMinorTweak()
    {
        var id = await EnqueueAsync();

        await _sut.ApproveAsync(id, new ApproveRequest(Body: "Hi Ana, a short note!"), "reviewer", Ct);

        var record = (await ReadAuditAsync()).Single();
        Assert.Equal(AuditActions.ReviewEdited, record.Action);
        Assert.Equal("Hi Ana, a short note.", record.BodyBefore);
        Assert.Equal("Hi Ana, a short note!", record.BodyAfter);
        Assert.Equal("minor_tweak", record.EditClass);
        var item = (await _sut.GetAsync(id, Ct))!;
        Assert.Equal("Hi Ana, a short note!", item.ApprovedBody);
        Assert.Equal("Hi Ana, a short note.", item.Body);
        Assert.Equal(1, (await ReadFeedbackAsync()).Single().EditDistance);
    }

    [Fact]
    public async Task ApproveAsync_LargeEdit_IsRewrite()
    {
        var id = await EnqueueAsync();

        await _sut.ApproveAsync(id, new ApproveRequest(Subject: "Completely different", Body: "Totally new text about something else entirely."), "reviewer", Ct);

        Assert.Equal("rewrite", (await ReadAuditAsync()).Single().EditClass);
    }

    [Fact]
    public async Task SecondDecision_OnApprovedItem_IsRefused()
    {
        var id = await EnqueueAsync();
        await _sut.ApproveAsync(id, new ApproveRequest(), "a", Ct);

        var approveAgain = await _sut.ApproveAsync(id, new ApproveRequest(), "b", Ct);
        var reject = await _sut.RejectAsync(id, "changed my mind", "other", "b", Ct);

        Assert.Equal(ReviewRefusals.AlreadyDecided, approveAgain.Refusal?.Code);
        Assert.Equal(ReviewRefusals.AlreadyDecided, reject.Refusal?.Code);
        Assert.Equal("a", (await _sut.GetAsync(id, Ct))!.DecidedBy);
    }

    [Fact]
    public async Task Decision_OnRejectedItem_IsRefusedAsTerminal()
    {
        var id = await EnqueueAsync();
        Assert.True((await _sut.RejectAsync(id, "wrong persona", "icp_mismatch", "a", Ct)).Succeeded);

        var approve = await _sut.ApproveAsync(id, new ApproveRequest(), "b", Ct);

        Assert.Equal(ReviewRefusals.TerminalStatus, approve.Refusal?.Code);
        Assert.Equal(ReviewStatus.Rejected, (await _sut.GetAsync(id, Ct))!.Status);
        Assert.Contains(await ReadAuditAsync(), r => r.Action == AuditActions.ReviewDecisionRefused && r.ReasonCode == ReviewRefusals.TerminalStatus);
    }

    [Theory]
    [InlineData("", "other", ReviewRefusals.MissingReason)]
    [InlineData("bad", "not_a_tag", ReviewRefusals.InvalidTag)]
    public async Task RejectAsync_InvalidInput_IsRefusedAndItemStaysPending(string reason, string tag, string expected)
    {
        var id = await EnqueueAsync();

        var result = await _sut.RejectAsync(id, reason, tag, "a", Ct);

        Assert.Equal(expected, result.Refusal?.Code);
        Assert.Equal(ReviewStatus.Pending, (await _sut.GetAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task ApproveAsync_EditWithPlaceholder_IsRefused()
    {
        var id = await EnqueueAsync();

        var result = await _sut.ApproveAsync(id, new ApproveRequest(Body: "Hi [First Name], hello"), "a", Ct);

        Assert.Equal(ReviewRefusals.Placeholder, result.Refusal?.Code);
        Assert.Equal(ReviewStatus.Pending, (await _sut.GetAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task ApproveAsync_After72Hours_ExpiresTheDraft()
    {
        var id = await EnqueueAsync();
        _time.Advance(TimeSpan.FromHours(72) + TimeSpan.FromSeconds(1));

        var result = await _sut.ApproveAsync(id, new ApproveRequest(), "a", Ct);

        Assert.Equal(ReviewRefusals.Expired, result.Refusal?.Code);
        Assert.Equal(ReviewStatus.Expired, (await _sut.GetAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task ExpireStaleAsync_ExpiresOnlyOldPendingDrafts()
    {
        var old = await EnqueueAsync("old@example.com");
        var decided = await EnqueueAsync("decided@example.com");
        await _sut.ApproveAsync(decided, new ApproveRequest(), "a", Ct);
        _time.Advance(TimeSpan.FromHours(71));
        var young = await EnqueueAsync("young@example.com");
        _time.Advance(TimeSpan.FromHours(2));

        var expired = await _sut.ExpireStaleAsync(Ct);

        Assert.Equal(1, expired);
        Assert.Equal(ReviewStatus.Expired, (await _sut.GetAsync(old, Ct))!.Status);
        Assert.Equal(ReviewStatus.Pending, (await _sut.GetAsync(young, Ct))!.Status);
        Assert.Equal(ReviewStatus.Approved, (await _sut.GetAsync(decided, Ct))!.Status);
    }

    [Fact]
    public async Task ApproveAsync_ConcurrentDecisions_ExactlyOneWins()
    {
        var id = await EnqueueAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 16).Select(i => Task.Run(async () => await _sut.ApproveAsync(id, new ApproveRequest(), $"reviewer-{i}", Ct))));

        Assert.Single(results, r => r.Succeeded);
        Assert.All(results.Where(r => !r.Succeeded), r => Assert.Equal(ReviewRefusals.AlreadyDecided, r.Refusal?.Code));
    }

    private async Task<string> EnqueueAsync(string email = "ana@example.com") =>
        (await _sut.EnqueueAsync(ReviewQueueTests.Draft(email, "Hello"), cancellationToken: Ct)).Item!.Id;

    private async Task<List<AuditRecord>> ReadAuditAsync()
    {
        var list = new List<AuditRecord>();
        await foreach (var record in _audit.ReadAsync(cancellationToken: Ct))
        {
            list.Add(record);
        }

        return list;
    }

    private async Task<List<FeedbackSignal>> ReadFeedbackAsync()
    {
        var list = new List<FeedbackSignal>();
        await foreach (var signal in _audit.ReadFeedbackAsync(cancellationToken: Ct))
        {
            list.Add(signal);
        }

        return list;
    }
}
