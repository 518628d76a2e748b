using Caio.Core.Tests.State;
using Caio.Dispatch;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.Dispatch;

/// <summary>
/// The send ledger under a <c>kill -9</c> at every file-system operation: a reservation either does
/// not exist or is listed where reconciliation looks for it, and an outcome moves the entry and its
/// index entries together.
/// </summary>
public sealed class SendLedgerCrashTests
{
    private const int MaxOperations = 400;

    private readonly FakeTimeProvider _time = new(TestClock.Start);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task ReserveAsync_CrashAtEveryFileOperation_ReservationIsFoundByReconciliation()
    {
        var completed = false;
        for (var crashAt = 0; crashAt < MaxOperations && !completed; crashAt++)
        {
            using var directory = new TempDirectory();
            var faults = new CrashingFileSystem(crashAt);
            var acquired = false;
            try
            {
                acquired = (await new SendLedger(NewStore(directory.Path, faults), _time).ReserveAsync(Entry(), Ct)).Acquired;
                Assert.True(acquired);
            }
            catch (IOException) when (faults.Crashed)
            {
                // The process died here.
            }

            completed = !faults.Crashed;
            var sut = new SendLedger(NewStore(directory.Path), _time);
            var entry = await sut.GetAsync("email:ana@example.com", 1, Ct);
            var stale = await sut.ListStaleReservationsAsync(_time.GetUtcNow().AddMinutes(1), Ct);
            Assert.True(acquired ? entry is not null : true, $"crash at operation {crashAt}: an acknowledged reservation is gone");
            Assert.True((entry is null ? 0 : 1) == stale.Count, $"crash at operation {crashAt}: reservation {(entry is null ? "absent" : "present")}, {stale.Count} listed for reconciliation");
        }

        Assert.True(completed);
    }

    [Fact]
    public async Task TransitionAsync_ToMaybeSent_CrashAtEveryFileOperation_MovesBetweenIndexesTogether()
    {
        var completed = false;
        for (var crashAt = 0; crashAt < MaxOperations && !completed; crashAt++)
        {
            using var directory = new TempDirectory();
            var reservation = await new SendLedger(NewStore(directory.Path), _time).ReserveAsync(Entry(), Ct);
            var faults = new CrashingFileSystem(crashAt);
            try
            {
                await new SendLedger(NewStore(directory.Path, faults), _time).TransitionAsync(reservation.Entry!, reservation.Version, LedgerState.MaybeSent, detail: "timeout", cancellationToken: Ct);
            }
            catch (IOException) when (faults.Crashed)
            {
                // The process died here.
            }

            completed = !faults.Crashed;
            var sut = new SendLedger(NewStore(directory.Path), _time);
            var (entry, _) = (await sut.GetAsync("email:ana@example.com", 1, Ct))!.Value;
            var open = await sut.ListStaleReservationsAsync(_time.GetUtcNow().AddMinutes(1), Ct);
            var maybeSent = await sut.ListMaybeSentAsync(Ct);
            var openMembers = await NewStore(directory.Path).IndexRangeAsync(SendLedger.OpenIndex, double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
            var maybeSentMembers = await NewStore(directory.Path).IndexRangeAsync(SendLedger.MaybeSentIndex, double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct);
            var context = $"crash at operation {crashAt}: {entry.State}, open index {openMembers.Count}, maybe-sent index {maybeSentMembers.Count}";
            if (entry.State == LedgerState.Reserved)
            {
                Assert.True(open.Count == 1 && openMembers.Count == 1 && maybeSentMembers.Count == 0, context);
            }
            else
            {
                Assert.True(entry.State == LedgerState.MaybeSent && maybeSent.Count == 1 && openMembers.Count == 0 && maybeSentMembers.Count == 1, context);
            }
        }

        Assert.True(completed);
    }

    private FileStateStore NewStore(string path, System.IO.Abstractions.IFileSystem? fileSystem = null) =>
        new(new FileStateStoreOptions { Directory = path }, _time, fileSystem);

    private static LedgerEntry Entry() => new()
    {
        RecipientKey = "email:ana@example.com",
        Step = 1,
        State = LedgerState.Reserved,
        IdempotencyKey = SendLedger.IdempotencyKeyFor("email:ana@example.com", 1),
        Channel = "email",
        ItemId = "rq_1",
        BatchId = "B1",
    };
}
