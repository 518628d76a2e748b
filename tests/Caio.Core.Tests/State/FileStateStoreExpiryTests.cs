using System.Text;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.State;

/// <summary>
/// <see cref="FileStateStore.RemoveExpiredAsync"/>: documents that expired long enough ago leave the disk, and
/// nothing any reader or writer sees changes.
/// </summary>
public sealed class FileStateStoreExpiryTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(TestClock.Start);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task RemoveExpiredAsync_RecordsAndCountersExpiredLongEnoughAgo_RemovesTheirDocumentsOnly()
    {
        var sut = NewStore();
        var now = _time.GetUtcNow();
        await sut.PutAsync("claim:old", Json("{}"), now.AddHours(1), Ct);
        await sut.PutAsync("claim:recent", Json("{}"), now.AddHours(20), Ct);
        await sut.PutAsync("claim:live", Json("{}"), now.AddDays(3), Ct);
        await sut.PutAsync("claim:forever", Json("{}"), cancellationToken: Ct);
        await sut.IncrementAsync("cap:old", 1, 10, now.AddHours(1), Ct);
        await sut.IncrementAsync("cap:recent", 1, 10, now.AddHours(20), Ct);
        await sut.IncrementAsync("cap:forever", 1, 10, cancellationToken: Ct);
        _time.Advance(TimeSpan.FromHours(26));

        var removed = await sut.RemoveExpiredAsync(Day, Ct);

        Assert.Equal((1, 1), (removed.Records, removed.Counters));
        Assert.Empty(removed.Unreadable);
        Assert.Equal(["claim%3Aforever.json", "claim%3Alive.json", "claim%3Arecent.json"], FileNames("records", "claim"));
        Assert.Equal(["cap%3Aforever.json", "cap%3Arecent.json"], FileNames("counters", "cap"));
        var reader = NewStore();
        Assert.Null(await reader.GetAsync("claim:old", Ct));
        Assert.Null(await reader.GetAsync("claim:recent", Ct));
        Assert.NotNull(await reader.GetAsync("claim:live", Ct));
        Assert.Equal(0, await reader.GetCounterAsync("cap:old", Ct));
        Assert.Equal(1, await reader.GetCounterAsync("cap:forever", Ct));
    }

    [Fact]
    public async Task RemoveExpiredAsync_KeyWrittenAgainAfterRemoval_StartsAtVersionOneAndANewWindow()
    {
        var sut = NewStore();
        await sut.PutAsync("claim:a", Json("{\"n\":1}"), _time.GetUtcNow().AddHours(1), Ct);
        await sut.PutAsync("claim:a", Json("{\"n\":2}"), _time.GetUtcNow().AddHours(1), Ct);
        await sut.IncrementAsync("cap:hour", 5, 10, _time.GetUtcNow().AddHours(1), Ct);
        _time.Advance(TimeSpan.FromDays(2));
        await sut.RemoveExpiredAsync(Day, Ct);

        Assert.True(await sut.TryInsertAsync("claim:a", Json("{\"n\":3}"), cancellationToken: Ct));
        Assert.Equal(1, (await sut.GetAsync("claim:a", Ct))!.Version);
        Assert.Equal(new CounterResult(true, 1), await sut.IncrementAsync("cap:hour", 1, 10, _time.GetUtcNow().AddHours(1), Ct));
    }

    [Fact]
    public async Task RemoveExpiredAsync_ExpiredDocumentOverASegmentCopy_TheSegmentCopyNeverShowsThrough()
    {
        var sut = NewStore();
        await CommitClaimsToASegmentAsync(sut);
        await sut.PutAsync("claim:7", Json("{\"n\":\"expiring\"}"), _time.GetUtcNow().AddHours(1), Ct);
        _time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(1, (await sut.RemoveExpiredAsync(Day, Ct)).Records);

        Assert.Empty(FileNames("records", "claim"));
        Assert.Null(await sut.GetAsync("claim:7", Ct));
        Assert.Null(await NewStore().GetAsync("claim:7", Ct));
        Assert.Equal("{\"n\":6}", Encoding.UTF8.GetString((await NewStore().GetAsync("claim:6", Ct))!.Value.Span));
    }

    [Fact]
    public async Task RemoveExpiredAsync_CrashAtEveryFileOperation_EveryKeyReadsTheSameAndANewSweepFinishes()
    {
        // Documents over segment copies (tombstone, then delete), a plain expired record and an expired counter.
        var setup = NewStore();
        await CommitClaimsToASegmentAsync(setup);
        for (var i = 0; i < 3; i++)
        {
            await setup.PutAsync($"claim:{i}", Json("{\"n\":\"expiring\"}"), _time.GetUtcNow().AddHours(1), Ct);
        }

        await setup.PutAsync("lock:old", Json("{}"), _time.GetUtcNow().AddHours(1), Ct);
        await setup.IncrementAsync("cap:old", 3, 10, _time.GetUtcNow().AddHours(1), Ct);
        _time.Advance(TimeSpan.FromDays(2));
        using var pristine = new TempDirectory();
        pristine.CopyFrom(_directory.Path);
        for (var crashAt = 0; ; crashAt++)
        {
            Directory.Delete(_directory.Path, recursive: true);
            _directory.CopyFrom(pristine.Path);
            var fileSystem = new CrashingFileSystem(crashAt);
            var crashing = new FileStateStore(new FileStateStoreOptions { Directory = _directory.Path, FlushToDisk = false }, _time, fileSystem);
            try
            {
                await crashing.RemoveExpiredAsync(Day, Ct);
            }
            catch (Exception) when (fileSystem.Crashed)
            {
            }

            var after = NewStore();
            for (var i = 0; i < 20; i++)
            {
                var entry = await after.GetAsync($"claim:{i}", Ct);
                Assert.True(i < 3 ? entry is null : entry is not null, $"crash at operation {crashAt}: claim:{i}");
            }

            Assert.Null(await after.GetAsync("lock:old", Ct));
            Assert.Equal(0, await after.GetCounterAsync("cap:old", Ct));
            await after.RemoveExpiredAsync(Day, Ct);
            Assert.Empty(FileNames("records", "claim"));
            Assert.Empty(FileNames("counters", "cap"));
            Assert.Null(await NewStore().GetAsync("claim:0", Ct));
            if (!fileSystem.Crashed)
            {
                Assert.True(crashAt > 4, "every removal was visited");
                break;
            }
        }
    }

    [Fact]
    public async Task RemoveExpiredAsync_UnreadableDocument_IsReportedAndLeftInPlace()
    {
        var sut = NewStore();
        await sut.PutAsync("claim:old", Json("{}"), _time.GetUtcNow().AddHours(1), Ct);
        var damaged = Path.Combine(_directory.Path, "records", "claim", "claim%3Adamaged.json");
        await File.WriteAllTextAsync(damaged, "{\"key\":\"claim:damaged\",\"vers", Ct);
        _time.Advance(TimeSpan.FromDays(2));

        var removed = await sut.RemoveExpiredAsync(Day, Ct);

        Assert.Equal((1, 0), (removed.Records, removed.Counters));
        Assert.Equal([damaged], removed.Unreadable);
        Assert.True(File.Exists(damaged));
    }

    [Fact]
    public async Task RemoveExpiredAsync_DocumentNotAtItsOwnKeysPath_IsLeftAlone()
    {
        var sut = NewStore();
        await sut.PutAsync("claim:old", Json("{}"), _time.GetUtcNow().AddHours(1), Ct);
        var original = Path.Combine(_directory.Path, "records", "claim", "claim%3Aold.json");
        var copy = Path.Combine(_directory.Path, "records", "claim", "copy-of-old.json");
        File.Copy(original, copy);
        _time.Advance(TimeSpan.FromDays(2));

        Assert.Equal(1, (await sut.RemoveExpiredAsync(Day, Ct)).Records);

        Assert.False(File.Exists(original));
        Assert.True(File.Exists(copy));
    }

    [Fact]
    public async Task RemoveExpiredAsync_LeasesIndexesAndLogs_AreNotTouched()
    {
        var sut = NewStore();
        var lease = await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromMinutes(1), Ct);
        Assert.True(await sut.ReleaseLeaseAsync(lease!, Ct));
        await sut.IndexAddAsync("queue:status:pending", "a", 1, Ct);
        await sut.AppendAsync("audit", Json("{}"), Ct);
        var before = Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories).Where(f => !f.Contains("locks", StringComparison.Ordinal)).Order().ToList();
        _time.Advance(TimeSpan.FromDays(30));

        var removed = await sut.RemoveExpiredAsync(Day, Ct);

        Assert.Equal((0, 0, 0), (removed.Records, removed.Counters, removed.Unreadable.Count));

        Assert.Equal(before, Directory.EnumerateFiles(_directory.Path, "*", SearchOption.AllDirectories).Where(f => !f.Contains("locks", StringComparison.Ordinal)).Order().ToList());
        Assert.True((await sut.TryAcquireLeaseAsync("dispatch", TimeSpan.FromMinutes(1), Ct))!.FencingToken > lease!.FencingToken);
    }

    [Fact]
    public async Task RemoveExpiredAsync_AgeBelowTheMinimum_IsRefusedBeforeAnythingIsRemoved()
    {
        var sut = NewStore();
        await sut.PutAsync("claim:old", Json("{}"), _time.GetUtcNow().AddHours(1), Ct);
        _time.Advance(TimeSpan.FromDays(2));

        var error = await Assert.ThrowsAsync<ArgumentOutOfRangeException>(async () => await sut.RemoveExpiredAsync(TimeSpan.FromMinutes(9), Ct));

        Assert.Equal("olderThan", error.ParamName);
        Assert.Contains("10 minutes", error.Message, StringComparison.Ordinal);
        Assert.Single(FileNames("records", "claim"));
    }

    [Fact]
    public async Task RemoveExpiredAsync_EmptyStateDirectory_RemovesNothing()
    {
        var removed = await NewStore().RemoveExpiredAsync(Day, Ct);

        Assert.Equal((0, 0, 0), (removed.Records, removed.Counters, removed.Unreadable.Count));
    }

    /// <summary>Writes <c>claim:0</c> … <c>claim:19</c> as one group, which goes to the family's segment.</summary>
    private static async Task CommitClaimsToASegmentAsync(FileStateStore store)
    {
        var group = new StateTransaction();
        for (var i = 0; i < 20; i++)
        {
            group.Put($"claim:{i}", Json($"{{\"n\":{i}}}"));
        }

        Assert.True((await store.CommitAsync(group, Ct)).Committed);
    }

    private FileStateStore NewStore() => new(new FileStateStoreOptions { Directory = _directory.Path, FlushToDisk = false }, _time);

    private string[] FileNames(string folder, string family)
    {
        var directory = Path.Combine(_directory.Path, folder, family);
        return Directory.Exists(directory)
            ? [.. Directory.EnumerateFiles(directory, "*.json").Select(Path.GetFileName).Order(StringComparer.Ordinal)!]
            : [];
    }

    private static ReadOnlyMemory<byte> Json(string text) => Encoding.UTF8.GetBytes(text);
}
