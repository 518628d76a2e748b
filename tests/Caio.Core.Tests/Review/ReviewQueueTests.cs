using Caio.Audit;
using Caio.Dedup;
using Caio.Leads;
using Caio.Review;
using Caio.State;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Review;

public sealed class ReviewQueueTests
{
    private readonly FakeTimeProvider _time = new(TestClock.Start);
    private readonly ReviewQueue _sut;

    public ReviewQueueTests()
    {
        var store = new InMemoryStateStore(_time);
        Audit = new AuditLog(store);
        _sut = new ReviewQueue(store, EmailCanonicalizer.Default, _time, Audit, Options.Create(new ReviewOptions()));
    }

    private AuditLog Audit { get; }

    [Fact]
    public async Task EnqueueAsync_Draft_IsPendingWithLeadContext()
    {
        var result = await _sut.EnqueueAsync(Draft("Ana.Lopez@Example.com", "Hello"), "run_1", TestContext.Current.CancellationToken);

        Assert.True(result.Accepted);
        var item = await _sut.GetAsync(result.Item!.Id, TestContext.Current.CancellationToken);
        Assert.NotNull(item);
        Assert.Equal(ReviewStatus.Pending, item.Status);
        Assert.Equal("email:ana.lopez@example.com", item.RecipientKey);
        Assert.Equal(Tier.Tier1, item.Tier);
        Assert.Equal("run_1", item.RunId);
        Assert.Equal(_time.GetUtcNow(), item.CreatedAt);
    }

    [Fact]
    public async Task ListIdsAsync_NamesTheItemsOfAStatusOldestFirst_AsListAsyncDoes()
    {
        var ct = TestContext.Current.CancellationToken;
        var older = (await _sut.EnqueueAsync(Draft("ana@example.com", "Hello"), cancellationToken: ct)).Item!;
        _time.Advance(TimeSpan.FromSeconds(1));
        var newer = (await _sut.EnqueueAsync(Draft("bo@example.com", "Hello"), cancellationToken: ct)).Item!;
        Assert.Equal([older.Id, newer.Id], await _sut.ListIdsAsync(ReviewStatus.Pending, ct));

        await _sut.ApproveAsync(older.Id, new ApproveRequest(), "reviewer", ct);
        Assert.Equal([newer.Id], await _sut.ListIdsAsync(ReviewStatus.Pending, ct));
        Assert.Equal([older.Id], await _sut.ListIdsAsync(ReviewStatus.Approved, ct));
        Assert.Equal((await _sut.ListAsync(ReviewStatus.Pending, cancellationToken: ct)).Select(i => i.Id), await _sut.ListIdsAsync(ReviewStatus.Pending, ct));
    }

    [Fact]
    public async Task EnqueueAsync_SameRecipientAndSubject_RefusesDuplicate()
    {
        await _sut.EnqueueAsync(Draft("ana@example.com", "Hello"), cancellationToken: TestContext.Current.CancellationToken);

        var again = await _sut.EnqueueAsync(Draft(" ANA@example.com ", "hello"), cancellationToken: TestContext.Current.CancellationToken);
        var other = await _sut.EnqueueAsync(Draft("ana@example.com", "Another subject"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("duplicate", again.Refusal?.Code);
        Assert.True(other.Accepted);
        Assert.Equal(2, (await _sut.ListAsync(ReviewStatus.Pending, cancellationToken: TestContext.Current.CancellationToken)).Count);
    }

    [Theory]
    [InlineData(ReviewStatus.Pending, false)]
    [InlineData(ReviewStatus.Approved, false)]
    [InlineData(ReviewStatus.MaybeSent, false)]
    [InlineData(ReviewStatus.Sent, false)]
    [InlineData(ReviewStatus.Blocked, false)]
    [InlineData(ReviewStatus.SendFailed, true)]
    public async Task EnqueueAsync_SameDraftAgain_IsQueuedOnlyWhenTheEarlierSendDefinitelyFailed(ReviewStatus earlierStatus, bool accepted)
    {
        var ct = TestContext.Current.CancellationToken;
        var first = (await _sut.EnqueueAsync(Draft("ana@example.com", "Hello"), cancellationToken: ct)).Item!;
        await MoveToAsync(first.Id, earlierStatus);

        var again = await _sut.EnqueueAsync(Draft("ana@example.com", "Hello"), cancellationToken: ct);
        var third = await _sut.EnqueueAsync(Draft("ana@example.com", "Hello"), cancellationToken: ct);

        Assert.Equal(accepted, again.Accepted);
        Assert.Equal(accepted ? null : "duplicate", again.Refusal?.Code);
        Assert.Equal("duplicate", third.Refusal?.Code); // the new draft now holds the marker
        Assert.Equal(earlierStatus, (await _sut.GetAsync(first.Id, ct))!.Status); // the earlier draft stays as history
    }

    private async Task MoveToAsync(string id, ReviewStatus status)
    {
        var path = status switch
        {
            ReviewStatus.Pending => Array.Empty<ReviewStatus>(),
            ReviewStatus.Approved => [ReviewStatus.Approved],
            ReviewStatus.Blocked => [ReviewStatus.Approved, ReviewStatus.Blocked],
            _ => [ReviewStatus.Approved, ReviewStatus.MaybeSent, status],
        };
        foreach (var next in path.Distinct())
        {
            Assert.NotNull(await _sut.TransitionAsync(id, item => item with { Status = next }, TestContext.Current.CancellationToken));
        }
    }

    [Fact]
    public async Task EnqueueAsync_Placeholder_Refuses()
    {
        var result = await _sut.EnqueueAsync(Draft("ana@example.com", "Hi {{firstName}}"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("placeholder", result.Refusal?.Code);
    }

    [Fact]
    public async Task EnqueueAsync_InvalidRecipient_RefusesWithReason()
    {
        var result = await _sut.EnqueueAsync(Draft("not-an-address", "Hello"), cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal("invalid_recipient", result.Refusal?.Code);
        Assert.Equal("missing_at", result.Refusal?.Detail);
    }

    [Fact]
    public async Task ListAsync_Pending_OldestFirst()
    {
        var first = await _sut.EnqueueAsync(Draft("a@example.com", "One"), cancellationToken: TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMinutes(1));
        var second = await _sut.EnqueueAsync(Draft("b@example.com", "Two"), cancellationToken: TestContext.Current.CancellationToken);

        var items = await _sut.ListAsync(ReviewStatus.Pending, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal([first.Item!.Id, second.Item!.Id], items.Select(i => i.Id));
        Assert.Equal(2, (await _sut.CountAsync(TestContext.Current.CancellationToken))[ReviewStatus.Pending]);
    }

    [Fact]
    public async Task EnqueueManyAsync_RefusesEachDraftAsEnqueueWouldAndQueuesTheRestInOrder()
    {
        var ct = TestContext.Current.CancellationToken;
        var earlier = await _sut.EnqueueAsync(Draft("old@example.com", "Hello"), cancellationToken: ct);
        var results = await _sut.EnqueueManyAsync(
            [
                Draft("ana@example.com", "Hello"),
                Draft("not an address", "Hello"),
                Draft("ben@example.com", "Hi {{first_name}}"),
                Draft("old@example.com", "Hello"),
                Draft("ANA@example.com ", "Hello"),
                Draft("cy@example.com", "Hello"),
            ],
            "run_1",
            ct);

        Assert.Equal([null, "invalid_recipient", "placeholder", "duplicate", "duplicate", null], results.Select(r => r.Refusal?.Code));
        var pending = await _sut.ListAsync(ReviewStatus.Pending, cancellationToken: ct);
        Assert.Equal(
            new[] { earlier.Item!.Id, results[0].Item!.Id, results[5].Item!.Id }.Order(StringComparer.Ordinal),
            pending.Select(i => i.Id).Order(StringComparer.Ordinal));
        Assert.All(results.Where(r => r.Accepted), r => Assert.Equal("run_1", r.Item!.RunId));
    }

    internal static MessageDraft Draft(string email, string subject, Tier tier = Tier.Tier1) =>
        new(
            new ScoredLead(
                new EnrichedLead(new Lead { Email = email, FirstName = "Ana", Company = new Company { Name = "Acme", Domain = "example.com" } }, true, "sandbox"),
                new IcpScore { Score = 85, Tier = tier, Reasons = [new ScoreReason("title", 25, "ceo")] }),
            new SequenceStep(1, 1, Channel.Email, "intro"),
            subject,
            "Hi Ana, a short note.",
            "template");
}
