using Caio.Dispatch;
using Caio.Leads;
using Caio.Safety;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// The ledger tells handed to the provider from confirmed by it: a confirmation is recorded once, never
/// changes the state, and leaves the never-twice promise as it was.
/// </summary>
public sealed class SendConfirmationsTests
{
    private const string Recipient = "email:ana@example.com";

    private readonly FakeTimeProvider _time = new(TestClock.Start);
    private readonly InMemoryStateStore _store;
    private readonly SendLedger _ledger;
    private readonly ContactHistory _history;
    private readonly SendConfirmations _sut;

    public SendConfirmationsTests()
    {
        _store = new InMemoryStateStore(_time);
        _ledger = new SendLedger(_store, _time);
        _history = new ContactHistory(_store, _time);
        _sut = new SendConfirmations(_ledger, _history);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ConfirmAsync_SentEntry_RecordsConfirmationOnceWithoutChangingState()
    {
        await HandOffAsync(step: 1);
        _time.Advance(TimeSpan.FromMinutes(5));

        Assert.True(await _sut.ConfirmAsync(Recipient, 1, "instantly", SendConfirmations.DeliveryEvent, Ct));
        var (first, version) = (await _ledger.GetAsync(Recipient, 1, Ct))!.Value;
        _time.Advance(TimeSpan.FromMinutes(5));
        Assert.False(await _sut.ConfirmAsync(Recipient, 1, "instantly", SendConfirmations.ProofRead, Ct));
        var (again, versionAgain) = (await _ledger.GetAsync(Recipient, 1, Ct))!.Value;

        Assert.Equal(LedgerState.Sent, first.State);
        Assert.Equal(TestClock.Start.AddMinutes(5), first.ConfirmedAt);
        Assert.Equal("delivery_event", first.ConfirmedBy);
        Assert.Equal(first, again);
        Assert.Equal(version, versionAgain);
        Assert.Equal((1L, 1L), await _ledger.CountSendsAsync(DateOnly.FromDateTime(TestClock.Start.UtcDateTime), Ct));
    }

    [Fact]
    public async Task ConfirmAsync_ConfirmedEntry_StillRefusesAnotherReservation()
    {
        await HandOffAsync(step: 1);
        await _sut.ConfirmAsync(Recipient, 1, "instantly", SendConfirmations.DeliveryEvent, Ct);

        var second = await _ledger.ReserveAsync(Entry(1), Ct);
        var (entry, version) = (await _ledger.GetAsync(Recipient, 1, Ct))!.Value;
        var replaced = await _ledger.ReplaceSettledAsync(entry, version, Entry(1) with { Attempt = 2 }, Ct);

        Assert.False(second.Acquired);
        Assert.False(replaced.Acquired);
        Assert.Equal(LedgerState.Sent, entry.State);
    }

    [Theory]
    [InlineData(LedgerState.Reserved)]
    [InlineData(LedgerState.MaybeSent)]
    [InlineData(LedgerState.Failed)]
    public async Task ConfirmAsync_EntryNotHandedOff_LeavesItAlone(LedgerState state)
    {
        var reservation = await _ledger.ReserveAsync(Entry(1), Ct);
        if (state != LedgerState.Reserved)
        {
            await _ledger.TransitionAsync(reservation.Entry!, reservation.Version, state, cancellationToken: Ct);
        }

        Assert.False(await _sut.ConfirmAsync(Recipient, 1, "instantly", SendConfirmations.DeliveryEvent, Ct));
        var (entry, _) = (await _ledger.GetAsync(Recipient, 1, Ct))!.Value;
        Assert.Equal(state, entry.State);
        Assert.Null(entry.ConfirmedAt);
    }

    [Fact]
    public async Task ConfirmAsync_OtherChannelsEntry_LeavesItAlone()
    {
        await HandOffAsync(step: 1);

        Assert.False(await _sut.ConfirmAsync(Recipient, 1, "heyreach", SendConfirmations.DeliveryEvent, Ct));
        Assert.Null((await _ledger.GetAsync(Recipient, 1, Ct))!.Value.Entry.ConfirmedAt);
    }

    [Fact]
    public async Task ConfirmAsync_WithoutStep_ConfirmsTheLatestStepTheChannelSent()
    {
        await HandOffAsync(step: 1);
        await HandOffAsync(step: 2);

        Assert.True(await _sut.ConfirmAsync(Recipient, null, "instantly", SendConfirmations.DeliveryEvent, Ct));
        Assert.Null((await _ledger.GetAsync(Recipient, 1, Ct))!.Value.Entry.ConfirmedAt);
        Assert.NotNull((await _ledger.GetAsync(Recipient, 2, Ct))!.Value.Entry.ConfirmedAt);
        Assert.Equal((2L, 1L), await _ledger.CountSendsAsync(DateOnly.FromDateTime(TestClock.Start.UtcDateTime), Ct));
    }

    [Fact]
    public async Task ConfirmAsync_UnknownSource_IsRefusedNamingTheSources()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>(async () => await _sut.ConfirmAsync(Recipient, 1, "instantly", "opened", Ct));

        Assert.Contains("delivery_event", error.Message, StringComparison.Ordinal);
    }

    private async Task HandOffAsync(int step)
    {
        var reservation = await _ledger.ReserveAsync(Entry(step), Ct);
        Assert.NotNull(await _ledger.TransitionAsync(reservation.Entry!, reservation.Version, LedgerState.Sent, "m-" + step, cancellationToken: Ct));
        await _history.RecordSendAsync(Recipient, step, Channel.Email, "instantly", Ct);
    }

    private static LedgerEntry Entry(int step) => new()
    {
        RecipientKey = Recipient,
        Step = step,
        State = LedgerState.Reserved,
        IdempotencyKey = SendLedger.IdempotencyKeyFor(Recipient, step),
        Channel = "instantly",
        ItemId = "item-" + step,
        BatchId = "batch-1",
    };
}
