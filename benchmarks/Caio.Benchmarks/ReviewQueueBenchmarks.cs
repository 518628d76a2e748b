using BenchmarkDotNet.Attributes;
using Caio.Audit;
using Caio.Dedup;
using Caio.Leads;
using Caio.Review;
using Caio.State;
using Microsoft.Extensions.Options;

namespace Caio.Benchmarks;

/// <summary>Queueing one draft for review on the in-memory store (the production pipeline's last stage).</summary>
[MemoryDiagnoser]
public class ReviewQueueBenchmarks
{
    private ReviewQueue _queue = null!;
    private MessageDraft[] _drafts = null!;
    private int _next;

    [GlobalSetup]
    public void Setup()
    {
        var store = new InMemoryStateStore(TimeProvider.System);
        _queue = new ReviewQueue(store, EmailCanonicalizer.Default, TimeProvider.System, new AuditLog(store), Options.Create(new ReviewOptions()));
        var score = new IcpScore
        {
            Score = 84,
            Tier = Tier.Tier1,
            NeedsReview = true,
            Reasons = [new("company_size", 20, "250 employees (51–500)"), new("title", 25, "title 'CEO' matched c_level (ceo)"), new("industry", 20, "tier-1 industry")],
        };
        _drafts = [.. Enumerable.Range(0, 1_000_000).Select(i => new MessageDraft(
            new ScoredLead(new EnrichedLead(new Lead { Email = $"lead{i}@company{i % 9000}.example", FirstName = "Ana", LastName = "Lopez", Title = "CEO", Company = new Company { Name = "Acme", Domain = $"company{i % 9000}.example" } }, true, "sandbox"), score),
            new SequenceStep(1, 1, Channel.Email, "intro"),
            "Ana, a question about Acme",
            "Hi Ana,\n\nAs CEO at Acme, you are probably weighing how to grow pipeline in SaaS without adding headcount. Teams like yours use Caio to run outbound that is personal, reviewed and safe.\n\nWould a 20-minute conversation next week be useful?\n\nBest,\nAlex",
            "template"))];
    }

    [Benchmark(Baseline = true)]
    public async Task<bool> Enqueue() => (await _queue.EnqueueAsync(_drafts[_next++ % _drafts.Length])).Accepted;
}
