using Caio.Audit;
using Caio.Core.Tests.Review;
using Caio.Dedup;
using Caio.Leads;
using Caio.Operations;
using Caio.Review;
using Caio.State;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Operations;

public sealed class IdPrefixResolverTests
{
    private readonly FakeTimeProvider _time = new(TestClock.Start);
    private readonly InMemoryStateStore _store;
    private readonly ReviewQueue _queue;

    public IdPrefixResolverTests()
    {
        _store = new InMemoryStateStore(_time);
        _queue = new ReviewQueue(_store, EmailCanonicalizer.Default, _time, new AuditLog(_store), Options.Create(new ReviewOptions()));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ResolveReviewItemAsync_FullIdUniquePrefixAmbiguousPrefixAndNoMatch()
    {
        var first = (await _queue.EnqueueAsync(ReviewQueueTests.Draft("a@example.com", "One"), cancellationToken: Ct)).Item!.Id;
        _time.Advance(TimeSpan.FromSeconds(1));
        var second = (await _queue.EnqueueAsync(ReviewQueueTests.Draft("b@example.com", "Two"), cancellationToken: Ct)).Item!.Id;
        await _queue.RejectAsync(second, "no", RejectionTags.All.First(), "ops", Ct); // other statuses count too
        var sut = new IdPrefixResolver(_store);

        Assert.Equal(first, (await sut.ResolveReviewItemAsync(first, Ct)).Id);
        Assert.Equal(second, (await sut.ResolveReviewItemAsync(second[..20], Ct)).Id);
        var ambiguous = await sut.ResolveReviewItemAsync("rq_", Ct);
        Assert.True(ambiguous.Ambiguous);
        Assert.Equal([first, second], ambiguous.Candidates);
        var none = await sut.ResolveReviewItemAsync("rq_1999", Ct);
        Assert.False(none.Found);
        Assert.False(none.Ambiguous);
        Assert.False((await sut.ResolveBatchAsync(first, Ct)).Found);
    }

    [Fact]
    public async Task QueryAsync_FiltersSortsAndPages()
    {
        foreach (var (email, tier) in new[] { ("a@example.com", Tier.Tier2), ("b@example.com", Tier.Tier1), ("c@example.com", Tier.Tier2) })
        {
            await _queue.EnqueueAsync(ReviewQueueTests.Draft(email, "Hello", tier), cancellationToken: Ct);
            _time.Advance(TimeSpan.FromMinutes(1));
        }

        var tier2 = await _queue.QueryAsync(new ReviewListQuery { Tier = Tier.Tier2, Sort = ReviewListSort.Age }, Ct);
        var page = await _queue.QueryAsync(new ReviewListQuery { Sort = ReviewListSort.Age, Offset = 1, Limit = 1 }, Ct);

        Assert.Equal(["a@example.com", "c@example.com"], tier2.Items.Select(i => i.RecipientEmail));
        Assert.Equal(3, page.Total);
        Assert.Equal("b@example.com", Assert.Single(page.Items).RecipientEmail);
        Assert.True(page.HasMore);
    }
}
