using Caio.Dedup;
using Caio.Dispatch;
using Caio.Leads;
using Caio.Providers.GoHighLevel;
using Caio.Providers.Instantly;
using Caio.Testing.Providers;
using Microsoft.Extensions.DependencyInjection;

namespace Caio.Providers.Tests.Dispatch;

/// <summary>
/// A send through a real provider client is recorded as handed to the provider; GoHighLevel's read of the
/// thread (its proof of delivery) also records it as confirmed by the provider.
/// </summary>
public sealed class SendConfirmationDispatchTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Run_GoHighLevelProvesDelivery_LedgerEntrySentAndConfirmedByProofRead()
    {
        await using var ghl = new FakeGoHighLevelServer();
        await ghl.StartAsync(Ct);
        using var harness = new ProviderDispatchHarness(null, caio => caio.AddGoHighLevel(o =>
        {
            ProviderServices.Fast(o, ghl.BaseUrl, ghl.ApiKey);
            o.LocationId = ghl.LocationId;
            o.Motions = "outbound";
        }));
        await harness.ApprovedItemAsync("ana@acme.com", Channel.Email, null, Ct);
        await harness.CreateBatchesAsync(Ct);

        var report = await harness.NewOperator().RunAsync(new OperatorRequest { Live = true, Channels = ["ghl"] }, Ct);

        Assert.Equal(ActionOutcomes.Sent, report.Batches.SelectMany(b => b.Actions).Single().Outcome);
        var entry = await EntryAsync(harness, "ana@acme.com");
        Assert.Equal(LedgerState.Sent, entry.State);
        Assert.NotNull(entry.ConfirmedAt);
        Assert.Equal(SendConfirmations.ProofRead, entry.ConfirmedBy);
        Assert.Equal((1L, 1L), await Ledger(harness).CountSendsAsync(Today(), Ct));
    }

    [Fact]
    public async Task Reconcile_GoHighLevelFindsTheMessageInTheThread_SettlesSentAndConfirmedByProofRead()
    {
        await using var ghl = new FakeGoHighLevelServer();
        await ghl.StartAsync(Ct);
        using var harness = new ProviderDispatchHarness(null, caio => caio.AddGoHighLevel(o =>
        {
            ProviderServices.Fast(o, ghl.BaseUrl, ghl.ApiKey);
            o.LocationId = ghl.LocationId;
            o.Motions = "outbound";
        }));
        await harness.ApprovedItemAsync("ana@acme.com", Channel.Email, null, Ct);
        await harness.CreateBatchesAsync(Ct);

        // The message is recorded, then the answer is lost: the outcome is unknown.
        ghl.Faults.AbortAfterSideEffectRate = 1;
        await harness.NewOperator().RunAsync(new OperatorRequest { Live = true, Channels = ["ghl"] }, Ct);
        Assert.Equal(LedgerState.MaybeSent, (await EntryAsync(harness, "ana@acme.com")).State);
        Assert.Equal((0L, 0L), await Ledger(harness).CountSendsAsync(Today(), Ct));

        ghl.Faults.AbortAfterSideEffectRate = 0;
        await harness.NewOperator().ReconcileAsync(Ct);

        var entry = await EntryAsync(harness, "ana@acme.com");
        Assert.Equal(LedgerState.Sent, entry.State);
        Assert.Equal(SendConfirmations.ProofRead, entry.ConfirmedBy);
        Assert.Equal((1L, 1L), await Ledger(harness).CountSendsAsync(Today(), Ct));
        Assert.Single(ghl.SideEffects, e => e.Kind == "message_sent");
    }

    [Fact]
    public async Task Run_InstantlyAcceptsLead_LedgerEntryHandedOffOnly()
    {
        await using var instantly = new FakeInstantlyServer();
        await instantly.StartAsync(Ct);
        var campaign = instantly.AddCampaign("outbound");
        using var harness = new ProviderDispatchHarness(null, caio => caio.AddInstantly(o =>
        {
            ProviderServices.Fast(o, instantly.BaseUrl, instantly.ApiKey);
            o.DefaultCampaignId = campaign;
        }));
        await harness.ApprovedItemAsync("ana@acme.com", Channel.Email, null, Ct);
        await harness.CreateBatchesAsync(Ct);

        await harness.NewOperator().RunAsync(new OperatorRequest { Live = true, Channels = ["instantly"] }, Ct);

        var entry = await EntryAsync(harness, "ana@acme.com");
        Assert.Equal(LedgerState.Sent, entry.State);
        Assert.Null(entry.ConfirmedAt);
        Assert.Equal((1L, 0L), await Ledger(harness).CountSendsAsync(Today(), Ct));
    }

    private static SendLedger Ledger(ProviderDispatchHarness harness) => harness.Services.GetRequiredService<SendLedger>();

    private static DateOnly Today() => DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime);

    private static async Task<LedgerEntry> EntryAsync(ProviderDispatchHarness harness, string email)
    {
        Assert.True(harness.Services.GetRequiredService<EmailCanonicalizer>().TryCreateKey(email, out var key, out _));
        return (await Ledger(harness).GetAsync(key.Value, 1, Ct))!.Value.Entry;
    }
}
