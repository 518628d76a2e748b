using System.Globalization;
using Caio.Audit;
using Caio.Batches;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Review;
using Caio.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Providers.Tests.Dispatch;

/// <summary>
/// The never-twice torture test through the real Instantly and HeyReach clients against their fake
/// servers with faults on: 5xx before the side effect, connections cut and calls hanging past the
/// timeout after the side effect, eight racing executors, the first worker killed mid-run and a new
/// one started on the same state directory, then reconciliation. 400 actions by default; the full
/// 2,000 with <c>CAIO_SOAK=1</c>.
/// </summary>
public sealed class ProviderTortureTests
{
    private const int Executors = 8;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_FaultsEightExecutorsKillAndRestart_NoDuplicateSideEffect_AllSettled()
    {
        var actions = Environment.GetEnvironmentVariable("CAIO_SOAK") == "1" ? 2000 : 400;
        var directory = Directory.CreateTempSubdirectory("caio-providers-torture-");
        await using var instantly = new FakeInstantlyServer();
        await using var heyReach = new FakeHeyReachServer();
        await instantly.StartAsync(Ct);
        await heyReach.StartAsync(Ct);
        var campaign = instantly.AddCampaign("outbound");
        var linkedInCampaign = heyReach.AddCampaign("outbound");
        foreach (var fake in new FakeProviderServer[] { instantly, heyReach })
        {
            fake.EnforceRateLimits = false;
            fake.Faults.Seed(42);
            fake.Faults.ServerErrorRate = 0.04;
            fake.Faults.AbortAfterSideEffectRate = 0.04;
            fake.Faults.HangAfterSideEffectRate = 0.02;
            fake.Faults.HangFor = TimeSpan.FromSeconds(3);
        }

        try
        {
            ProviderDispatchHarness Open() => new(
                directory.FullName,
                caio =>
                {
                    caio.AddInstantly(o =>
                    {
                        Configure(o, instantly.BaseUrl, instantly.ApiKey);
                        o.DefaultCampaignId = campaign;
                    });
                    caio.AddHeyReach(o =>
                    {
                        Configure(o, heyReach.BaseUrl, heyReach.ApiKey);
                        o.DefaultCampaignId = linkedInCampaign;
                        o.LinkedInAccountId = FakeHeyReachServer.SenderAccountId;
                    });
                },
                o =>
                {
                    o.SendTimeout = TimeSpan.FromSeconds(2);
                    o.ExecutionLeaseTtl = TimeSpan.FromSeconds(3);
                    o.StaleReservationAge = TimeSpan.FromSeconds(6);
                });

            // Generation 1: queue and approve, then eight executors, killed after a third of the side effects.
            var first = Open();
            var itemIds = new List<string>(actions);
            for (var r = 0; r < actions; r++)
            {
                var linkedIn = r % 5 == 0;
                itemIds.Add(await first.ApprovedItemAsync(Email(r), linkedIn ? Channel.LinkedIn : Channel.Email, LinkedInUrl(r), Ct));
            }

            await first.CreateBatchesAsync(Ct);
            using var kill = CancellationTokenSource.CreateLinkedTokenSource(Ct);
            var watcher = Task.Run(
                async () =>
                {
                    while (!kill.IsCancellationRequested && instantly.SideEffects.Count + heyReach.SideEffects.Count < actions / 3)
                    {
                        await Task.Delay(10, Ct);
                    }

                    await kill.CancelAsync();
                },
                Ct);
            await RunExecutorsAsync(first, kill.Token);
            await watcher;
            first.Dispose();

            // Generation 2: a new process on the same state directory, after the dead executors' leases lapsed.
            await Task.Delay(TimeSpan.FromSeconds(3.5), Ct);
            using var second = Open();
            for (var round = 0; round < 5 && (await second.Queue.ListAsync(ReviewStatus.Approved, cancellationToken: Ct)).Count > 0; round++)
            {
                await second.CreateBatchesAsync(Ct);
                await RunExecutorsAsync(second, Ct);
            }

            // Reconciliation with faults off, once stale reservations are old enough.
            instantly.Faults.Clear();
            heyReach.Faults.Clear();
            await Task.Delay(TimeSpan.FromSeconds(6.5), Ct);
            var maybeSent = (await second.Queue.ListAsync(ReviewStatus.MaybeSent, cancellationToken: Ct)).Count;
            var reconcile = await second.NewOperator().ReconcileAsync(Ct);

            // 1. Never twice: no (recipient, step) side effect twice in either fake.
            var effects = instantly.SideEffects.Where(e => e.Kind == "lead_added").Concat(heyReach.SideEffects.Where(e => e.Kind == "lead_added")).ToList();
            Assert.Empty(effects.GroupBy(e => (e.Recipient, e.Step)).Where(g => g.Count() > 1).Select(g => g.Key));

            // 2. All settled: sent, send_failed or blocked, or approved with a refusal on record; nothing left maybe_sent.
            var audit = new List<AuditRecord>();
            await foreach (var record in second.Services.GetRequiredService<IAuditLog>().ReadAsync(cancellationToken: Ct))
            {
                audit.Add(record);
            }

            var refused = audit.Where(a => a.Action == AuditActions.SendRefused && a.ReasonCode is not null).Select(a => a.ItemId).ToHashSet(StringComparer.Ordinal);
            var items = new List<ReviewItem>();
            foreach (var id in itemIds)
            {
                var item = (await second.Queue.GetAsync(id, Ct))!;
                items.Add(item);
                Assert.True(
                    item.Status is ReviewStatus.Sent or ReviewStatus.SendFailed or ReviewStatus.Blocked || (item.Status == ReviewStatus.Approved && refused.Contains(id)),
                    $"item {id} ended {item.Status.ToWireName()}");
            }

            // 3. What the providers did is exactly what the queue calls sent.
            var sentEmails = items.Where(i => i.Status == ReviewStatus.Sent && i.Channel == Channel.Email).Select(i => i.RecipientEmail.ToLowerInvariant()).Order().ToList();
            Assert.Equal(instantly.SideEffects.Where(e => e.Kind == "lead_added").Select(e => e.Recipient!).Order(), sentEmails);
            var sentLinkedIn = items.Count(i => i.Status == ReviewStatus.Sent && i.Channel == Channel.LinkedIn);
            Assert.Equal(heyReach.SideEffects.Count(e => e.Kind == "lead_added"), sentLinkedIn);
            Assert.True(maybeSent > 0, "faults produced maybe_sent items");
            Assert.True(reconcile.Sent > 0, $"reconciliation settled some as sent: {reconcile}");

            TestContext.Current.TestOutputHelper?.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"{actions} actions: {string.Join(", ", items.GroupBy(i => i.Status.ToWireName()).Select(g => $"{g.Key} {g.Count()}"))}; maybe_sent before reconcile {maybeSent}; reconcile {reconcile}; instantly requests {instantly.Requests.Count}, heyreach requests {heyReach.Requests.Count}"));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static void Configure(ProviderClientOptions o, Uri baseUrl, string key)
    {
        o.BaseUrl = baseUrl;
        o.ApiKey = key;
        o.EnforceRateLimits = false;
        o.RetryBaseDelay = TimeSpan.FromMilliseconds(5);
        o.AttemptTimeout = TimeSpan.FromMilliseconds(400);
        o.SendTimeout = TimeSpan.FromSeconds(1.5);
        o.ReadTimeout = TimeSpan.FromSeconds(1.5);
        o.BreakerMinimumThroughput = 1000;
    }

    private static async Task RunExecutorsAsync(ProviderDispatchHarness harness, CancellationToken token)
    {
        var runs = Enumerable.Range(0, Executors).Select(_ => Task.Run(
            async () =>
            {
                try
                {
                    await harness.NewOperator().RunAsync(new OperatorRequest { Live = true, Channels = ["instantly", "heyreach"] }, token);
                }
                catch (OperationCanceledException)
                {
                    // Killed mid-run, or its execution lease lapsed on a busy machine: either way the
                    // executor stopped, and its batch is resumed by a later run.
                }
            },
            Ct));
        await Task.WhenAll(runs);
    }

    private static string Email(int r) => string.Create(CultureInfo.InvariantCulture, $"lead{r}@firm{r / 3}.io");

    private static string LinkedInUrl(int r) => string.Create(CultureInfo.InvariantCulture, $"https://www.linkedin.com/in/lead{r}/");
}
