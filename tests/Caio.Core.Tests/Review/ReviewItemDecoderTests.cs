using System.Text.Json;
using Caio.Review;
using Caio.Review.Internal;

namespace Caio.Core.Tests.Review;

public sealed class ReviewItemDecoderTests
{
    [Fact]
    public void Decode_SameBytesTwice_ReturnsTheItemDecodedTheFirstTime()
    {
        var bytes = ReviewQueue.Serialize(Item("rq_decoder_same", ReviewStatus.Approved, "Hello"));

        var first = ReviewItemDecoder.Decode(bytes);
        var second = ReviewItemDecoder.Decode(bytes.ToArray());

        Assert.Equal("rq_decoder_same", first.Id);
        Assert.Same(first, second);
    }

    [Fact]
    public void Decode_NewerVersionOfTheSameItem_ReturnsTheNewerContentNotTheRememberedItem()
    {
        // Same id, so the same slot: only the exact comparison of the bytes tells the versions apart.
        var approved = ReviewQueue.Serialize(Item("rq_decoder_versions", ReviewStatus.Approved, "Subject one"));
        var edited = ReviewQueue.Serialize(Item("rq_decoder_versions", ReviewStatus.Approved, "Subject two"));
        Assert.Equal(approved.Length, edited.Length);

        Assert.Equal("Subject one", ReviewItemDecoder.Decode(approved).ApprovedSubject);
        Assert.Equal("Subject two", ReviewItemDecoder.Decode(edited).ApprovedSubject);
        Assert.Equal("Subject one", ReviewItemDecoder.Decode(approved).ApprovedSubject);
        Assert.Equal(ReviewStatus.Sent, ReviewItemDecoder.Decode(ReviewQueue.Serialize(Item("rq_decoder_versions", ReviewStatus.Sent, "Subject one"))).Status);
    }

    [Fact]
    public void Decode_ManyItems_EachDecodedToItsOwnContent()
    {
        // More items than slots, so slots are shared and replaced.
        var records = Enumerable.Range(0, 3 * ReviewItemDecoder.Slots).Select(i => ReviewQueue.Serialize(Item($"rq_decoder_many_{i:D5}", ReviewStatus.Approved, $"Subject {i}"))).ToArray();

        for (var round = 0; round < 2; round++)
        {
            for (var i = 0; i < records.Length; i++)
            {
                Assert.Equal(records[i], ReviewQueue.Serialize(ReviewItemDecoder.Decode(records[i])));
            }
        }
    }

    [Fact]
    public void Decode_RecordLongerThanTheCachedLimit_IsDecodedEveryTime()
    {
        var bytes = ReviewQueue.Serialize(Item("rq_decoder_long", ReviewStatus.Approved, "Long", body: new string('x', ReviewItemDecoder.MaxCachedLength)));

        var first = ReviewItemDecoder.Decode(bytes);
        var second = ReviewItemDecoder.Decode(bytes);

        Assert.Equal(bytes, ReviewQueue.Serialize(second));
        Assert.NotSame(first, second);
    }

    [Fact]
    public void Decode_UnreadableRecord_ThrowsEveryTimeAndIsNotRemembered()
    {
        var truncated = ReviewQueue.Serialize(Item("rq_decoder_torn", ReviewStatus.Approved, "Torn"))[..40];

        Assert.ThrowsAny<JsonException>(() => ReviewItemDecoder.Decode(truncated));
        Assert.ThrowsAny<JsonException>(() => ReviewItemDecoder.Decode(truncated));
        Assert.Throws<InvalidDataException>(() => ReviewItemDecoder.Decode("null"u8));
    }

    [Fact]
    public async Task Decode_FromManyThreadsAtOnce_EveryCallGetsItsOwnRecordsItem()
    {
        var records = Enumerable.Range(0, 64).Select(i => ReviewQueue.Serialize(Item($"rq_decoder_threads_{i:D3}", (ReviewStatus)(i % 3), $"Subject {i}"))).ToArray();

        await Task.WhenAll(Enumerable.Range(0, 4).Select(worker => Task.Run(
            () =>
            {
                for (var n = 0; n < 20_000; n++)
                {
                    var i = ((n * 7) + worker) % records.Length;
                    Assert.Equal(records[i], ReviewQueue.Serialize(ReviewItemDecoder.Decode(records[i])));
                }
            },
            TestContext.Current.CancellationToken)));
    }

    private static ReviewItem Item(string id, ReviewStatus status, string subject, string body = "Body text") => new()
    {
        Id = id,
        Status = status,
        RecipientEmail = "ana@example.com",
        RecipientKey = "email:ana@example.com",
        Subject = subject,
        Body = body,
        ApprovedSubject = subject,
        ApprovedBody = body,
        Tier = Caio.Leads.Tier.Tier1,
        Reasons = [],
        Facts = [],
    };
}
