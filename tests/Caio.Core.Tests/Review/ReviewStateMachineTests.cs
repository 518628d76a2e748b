using Caio.Audit;
using Caio.Crafting;
using Caio.Dedup;
using Caio.Leads;
using Caio.Review;
using Caio.State;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Review;

public sealed class ReviewStateMachineTests
{
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero));
    private readonly ReviewQueue _sut;

    public ReviewStateMachineTests()
    {
        var store = new InMemoryStateStore(_time);
        _sut = new ReviewQueue(store, EmailCanonicalizer.Default, _time, new AuditLog(store), Options.Create(new ReviewOptions()));
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(ReviewStatus.Rejected)]
    [InlineData(ReviewStatus.Sent)]
    [InlineData(ReviewStatus.Blocked)]
    [InlineData(ReviewStatus.Expired)]
    [InlineData(ReviewStatus.SendFailed)]
    public async Task TransitionAsync_TerminalItemBackToApproved_RefusedAndItemUnchanged(ReviewStatus terminal)
    {
        var id = await InStatusAsync(terminal);

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _sut.TransitionAsync(id, item => item with { Status = ReviewStatus.Approved }, Ct));

        Assert.Equal(terminal, (await _sut.GetAsync(id, Ct))!.Status);
        Assert.Empty(await _sut.ListAsync(ReviewStatus.Approved, cancellationToken: Ct));
    }

    [Theory]
    [InlineData(ReviewStatus.Rejected)]
    [InlineData(ReviewStatus.Sent)]
    [InlineData(ReviewStatus.Blocked)]
    [InlineData(ReviewStatus.Expired)]
    [InlineData(ReviewStatus.SendFailed)]
    public async Task TransitionAsync_TerminalItemRewrittenInPlace_RefusedAndItemUnchanged(ReviewStatus terminal)
    {
        var id = await InStatusAsync(terminal);
        var before = (await _sut.GetAsync(id, Ct))!;

        // A settled item is history: not even its text or recipient may change afterwards.
        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _sut.TransitionAsync(id, item => item with { Body = "rewritten", RecipientEmail = "other@example.com" }, Ct));

        var after = (await _sut.GetAsync(id, Ct))!;
        Assert.Equal((before.Body, before.RecipientEmail, before.UpdatedAt), (after.Body, after.RecipientEmail, after.UpdatedAt));
    }

    [Fact]
    public async Task TransitionAsync_PendingStraightToSent_Refused()
    {
        var id = await EnqueueAsync("Hi Ana, a short note.");

        await Assert.ThrowsAsync<InvalidOperationException>(async () => await _sut.TransitionAsync(id, item => item with { Status = ReviewStatus.Sent }, Ct));

        Assert.Equal(ReviewStatus.Pending, (await _sut.GetAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task TransitionAsync_MaybeSentToSent_Allowed()
    {
        var id = await EnqueueAsync("Hi Ana, a short note.");
        Assert.True((await _sut.ApproveAsync(id, new ApproveRequest(), "reviewer", Ct)).Succeeded);
        await _sut.TransitionAsync(id, item => item with { Status = ReviewStatus.MaybeSent }, Ct);

        var updated = await _sut.TransitionAsync(id, item => item with { Status = ReviewStatus.Sent }, Ct);

        Assert.Equal(ReviewStatus.Sent, updated!.Status);
    }

    [Theory]
    [InlineData(Channel.Email, "Hello", "  \n ")]
    [InlineData(Channel.Email, " ", "Hi Ana, a short note.")]
    [InlineData(Channel.LinkedIn, "", "")]
    public async Task ApproveAsync_EmptyOrWhitespaceContent_RefusedEmptyContent(Channel channel, string subject, string body)
    {
        var id = await EnqueueAsync("Hi Ana, a short note.", channel);

        var result = await _sut.ApproveAsync(id, new ApproveRequest(subject, body), "reviewer", Ct);

        Assert.Equal("empty_content", result.Refusal?.Code);
        Assert.Equal(ReviewStatus.Pending, (await _sut.GetAsync(id, Ct))!.Status);
    }

    [Fact]
    public async Task ApproveAsync_LinkedInWithoutSubject_Approved()
    {
        var id = await EnqueueAsync("Hi Ana, a short note.", Channel.LinkedIn);

        var result = await _sut.ApproveAsync(id, new ApproveRequest(Subject: string.Empty), "reviewer", Ct);

        Assert.True(result.Succeeded, result.Refusal?.Detail);
    }

    private async Task<string> InStatusAsync(ReviewStatus status)
    {
        var id = await EnqueueAsync("Hi Ana, a short note.");
        switch (status)
        {
            case ReviewStatus.Rejected:
                Assert.True((await _sut.RejectAsync(id, "no", RejectionTags.All.First(), "reviewer", Ct)).Succeeded);
                break;
            case ReviewStatus.Expired:
                _time.Advance(TimeSpan.FromDays(4));
                Assert.Equal(1, await _sut.ExpireStaleAsync(Ct));
                break;
            default:
                Assert.True((await _sut.ApproveAsync(id, new ApproveRequest(), "reviewer", Ct)).Succeeded);
                await _sut.TransitionAsync(id, item => item with { Status = status }, Ct);
                break;
        }

        Assert.Equal(status, (await _sut.GetAsync(id, Ct))!.Status);
        return id;
    }

    private async Task<string> EnqueueAsync(string body, Channel channel = Channel.Email)
    {
        var draft = new MessageDraft(
            new ScoredLead(
                new EnrichedLead(new Lead { Email = "ana@alpha.io", FirstName = "Ana", LinkedInUrl = "https://www.linkedin.com/in/ana" }, true, "sandbox"),
                new IcpScore { Score = 85, Tier = Tier.Tier1, Reasons = [] }),
            new SequenceStep(1, 1, channel, "intro"),
            "Hello",
            body,
            "template");
        var result = await _sut.EnqueueAsync(draft, cancellationToken: Ct);
        Assert.True(result.Accepted, result.Refusal?.Detail);
        return result.Item!.Id;
    }
}
