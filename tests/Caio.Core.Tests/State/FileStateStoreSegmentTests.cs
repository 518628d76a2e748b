using System.Text;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.State;

/// <summary>
/// The record segments of the file backend (decision 0012): a group commit appends its records to one
/// segment file per family; single-key writes keep one document per record; both layouts are read,
/// and a document always takes precedence over the segments.
/// </summary>
public sealed class FileStateStoreSegmentTests : IDisposable
{
    private const int Group = 40;
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(TestClock.Start);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task GroupCommit_AppendsToOneSegment_NotADocumentPerRecord()
    {
        var sut = NewStore();

        var result = await sut.CommitAsync(GroupOf("queue:item:", Group), Ct);

        Assert.True(result.Committed);
        Assert.Empty(Directory.EnumerateFiles(PathOf("records", "queue"), "*.json"));
        var segment = Assert.Single(Directory.EnumerateFiles(PathOf("records", "queue", "segments")));
        Assert.Equal(Group, File.ReadLines(segment).Count());
        var reopened = NewStore();
        for (var i = 0; i < Group; i++)
        {
            var entry = await reopened.GetAsync($"queue:item:{i}", Ct);
            Assert.Equal($"{{\"n\":{i}}}", Text(entry!.Value));
            Assert.Equal(1, entry.Version);
        }

        Assert.Equal(Group, await CountKeysAsync(reopened, "queue:item:"));
        Assert.Equal(Group, (await reopened.IndexRangeAsync("queue:status:pending", double.NegativeInfinity, double.PositiveInfinity, cancellationToken: Ct)).Count);
    }

    [Fact]
    public async Task SingleKeyWrites_OnSegmentRecords_TakePrecedenceAndDeleteForGood()
    {
        var writer = NewStore();
        await writer.CommitAsync(GroupOf("queue:item:", Group), Ct);

        Assert.Equal(2, await writer.PutAsync("queue:item:1", Json("{\"n\":\"doc\"}"), cancellationToken: Ct));
        Assert.Null(await writer.CompareAndSetAsync("queue:item:2", Json("{}"), 0, cancellationToken: Ct));
        Assert.Equal(2, await writer.CompareAndSetAsync("queue:item:2", Json("{\"n\":\"cas\"}"), 1, cancellationToken: Ct));
        Assert.False(await writer.TryInsertAsync("queue:item:3", Json("{}"), cancellationToken: Ct));
        Assert.False(await writer.DeleteAsync("queue:item:4", expectedVersion: 2, Ct));
        Assert.True(await writer.DeleteAsync("queue:item:4", expectedVersion: 1, Ct));
        Assert.True(await writer.DeleteAsync("queue:item:1", cancellationToken: Ct));

        var reader = NewStore();
        Assert.Null(await reader.GetAsync("queue:item:1", Ct));
        Assert.Equal("{\"n\":\"cas\"}", Text((await reader.GetAsync("queue:item:2", Ct))!.Value));
        Assert.Null(await reader.GetAsync("queue:item:4", Ct));
        Assert.Equal(Group - 2, await CountKeysAsync(reader, "queue:item:"));
        Assert.True(await reader.TryInsertAsync("queue:item:4", Json("{\"n\":\"again\"}"), cancellationToken: Ct));
        Assert.Equal(1, (await NewStore().GetAsync("queue:item:4", Ct))!.Version);
    }

    [Fact]
    public async Task SmallCommit_DeletingSegmentRecords_DeletesThemForGood()
    {
        // A batch's item claims are written by one group commit (segments); an execution that ends
        // releases a few of them in a commit too small for the segments (documents path).
        var writer = NewStore();
        await writer.CommitAsync(GroupOf("queue:item:", Group), Ct);
        var release = new StateTransaction().RequireVersion("queue:item:3", 1).Delete("queue:item:3").Delete("queue:item:5").Put("queue:item:6", Json("{\"n\":\"doc\"}"));

        Assert.True((await writer.CommitAsync(release, Ct)).Committed);

        foreach (var store in new[] { writer, NewStore() })
        {
            Assert.Null(await store.GetAsync("queue:item:3", Ct));
            Assert.Null(await store.GetAsync("queue:item:5", Ct));
            Assert.Equal("{\"n\":\"doc\"}", Text((await store.GetAsync("queue:item:6", Ct))!.Value));
            Assert.Equal(Group - 2, await CountKeysAsync(store, "queue:item:"));
        }

        Assert.True(await writer.TryInsertAsync("queue:item:3", Json("{\"n\":\"again\"}"), cancellationToken: Ct));
        Assert.Equal(1, (await NewStore().GetAsync("queue:item:3", Ct))!.Version);
    }

    [Fact]
    public async Task SmallCommit_DeletingSegmentRecordsOfTwoFamilies_AppendsTheirTombstonesOncePerFamily()
    {
        // A batch completion releases the claims of the items it refused: a few deletes of records a group
        // commit put in the segments. Their tombstones go to each family's segments in one append (one flush),
        // not one append per key.
        await NewStore().CommitAsync(GroupOf("queue:item:", Group), Ct);
        await NewStore().CommitAsync(GroupOf("batch:item:", Group), Ct);
        var files = new SegmentAppendCountingFileSystem();
        var sut = new FileStateStore(new FileStateStoreOptions { Directory = _directory.Path }, _time, files);
        var release = new StateTransaction()
            .RequireVersion("batch:item:1", 1)
            .Delete("batch:item:1")
            .Delete("batch:item:2")
            .Delete("batch:item:3")
            .Delete("queue:item:7")
            .Delete("queue:item:8")
            .Delete("queue:item:absent");

        Assert.True((await sut.CommitAsync(release, Ct)).Committed);

        Assert.Equal(2, files.SegmentAppends);
        foreach (var store in new[] { sut, NewStore() })
        {
            foreach (var key in new[] { "batch:item:1", "batch:item:2", "batch:item:3", "queue:item:7", "queue:item:8" })
            {
                Assert.Null(await store.GetAsync(key, Ct));
            }

            Assert.Equal(Group - 3, await CountKeysAsync(store, "batch:item:"));
            Assert.Equal(Group - 2, await CountKeysAsync(store, "queue:item:"));
        }
    }

    [Fact]
    public async Task GroupCommit_OverOldLayoutDocuments_ReplacesThemAndReadsBothLayouts()
    {
        // A state directory written one document per record (as every earlier version did).
        var old = NewStore();
        for (var i = 0; i < 5; i++)
        {
            await old.PutAsync($"queue:item:{i}", Json("{\"old\":true}"), cancellationToken: Ct);
        }

        await old.PutAsync("queue:kept", Json("{\"old\":true}"), cancellationToken: Ct);

        var transaction = GroupOf("queue:item:", Group);
        var result = await NewStore().CommitAsync(transaction.RequireVersion("queue:gate", 0), Ct);

        Assert.True(result.Committed);
        Assert.Equal(2, result.VersionOf("queue:item:0"));
        Assert.Equal(["queue%3Akept.json"], Directory.EnumerateFiles(PathOf("records", "queue"), "*.json").Select(Path.GetFileName));
        var reader = NewStore();
        Assert.Equal("{\"n\":0}", Text((await reader.GetAsync("queue:item:0", Ct))!.Value));
        Assert.Equal("{\"old\":true}", Text((await reader.GetAsync("queue:kept", Ct))!.Value));
        Assert.Equal(Group + 1, await CountKeysAsync(reader, "queue:"));
    }

    [Fact]
    public async Task RunningReader_SeesAnotherStoresGroupAndSegmentRolls()
    {
        var reader = NewStore(rollBytes: 512);
        Assert.Null(await reader.GetAsync("queue:item:0", Ct));

        var writer = NewStore(rollBytes: 512);
        for (var round = 0; round < 3; round++)
        {
            Assert.True((await writer.CommitAsync(GroupOf($"queue:r{round}:", Group), Ct)).Committed);
        }

        Assert.True(Directory.EnumerateFiles(PathOf("records", "queue", "segments")).Count() >= 3);
        for (var round = 0; round < 3; round++)
        {
            Assert.Equal($"{{\"n\":{Group - 1}}}", Text((await reader.GetAsync($"queue:r{round}:{Group - 1}", Ct))!.Value));
        }

        Assert.Equal(3 * Group, await CountKeysAsync(reader, "queue:r"));
    }

    [Fact]
    public async Task TornSegmentTail_IsNeverReadAndIsCutOffByTheNextAppend()
    {
        await NewStore().CommitAsync(GroupOf("queue:a:", Group), Ct);
        var segment = Directory.EnumerateFiles(PathOf("records", "queue", "segments")).Single();
        var whole = new FileInfo(segment).Length;

        // A group append that died part-way: one whole line of it and half of the next.
        await File.AppendAllTextAsync(segment, "{\"key\":\"queue:torn:0\",\"version\":1,\"value\":{}}\n{\"key\":\"queue:torn:1\",\"ver", Ct);

        var sut = NewStore();
        Assert.Null(await sut.GetAsync("queue:torn:1", Ct));
        Assert.Equal(Group, await CountKeysAsync(sut, "queue:a:"));
        Assert.True((await sut.CommitAsync(GroupOf("queue:b:", Group), Ct)).Committed);

        var lines = File.ReadLines(segment).ToList();
        Assert.All(lines, line => Assert.EndsWith("}", line.TrimEnd(), StringComparison.Ordinal));
        Assert.Equal((2 * Group) + 1, lines.Count);
        Assert.True(new FileInfo(segment).Length > whole);
        Assert.Equal(Group, await CountKeysAsync(NewStore(), "queue:b:"));
    }

    [Fact]
    public async Task ClosedSegments_AreFoundThroughTheirOnDiskIndex_AndADamagedIndexIsRebuilt()
    {
        var writer = NewStore(rollBytes: 512);
        for (var round = 0; round < 4; round++)
        {
            Assert.True((await writer.CommitAsync(GroupOf($"queue:r{round}:", Group), Ct)).Committed);
        }

        // Every closed segment has its key index; the open one (the newest) does not.
        var segments = Directory.EnumerateFiles(PathOf("records", "queue", "segments"), "*.jsonl").Order(StringComparer.Ordinal).ToList();
        var indexes = Directory.EnumerateFiles(PathOf("records", "queue", "segments"), "*.idx").Order(StringComparer.Ordinal).ToList();
        Assert.Equal(3, indexes.Count);
        Assert.Equal(segments.Take(3).Select(p => Path.ChangeExtension(p, ".idx")), indexes);

        // A new reader: a rewritten key resolves to its newest line, a missing key to nothing.
        Assert.True((await writer.CommitAsync(GroupOf("queue:r0:", Group), Ct)).Committed);
        var reader = NewStore(rollBytes: 512);
        Assert.Equal(2, (await reader.GetAsync("queue:r0:7", Ct))!.Version);
        Assert.Equal(1, (await reader.GetAsync("queue:r2:7", Ct))!.Version);
        Assert.Null(await reader.GetAsync("queue:r9:7", Ct));

        // A damaged or missing index is rebuilt from its segment.
        await File.WriteAllBytesAsync(indexes[0], new byte[40], Ct);
        File.Delete(indexes[1]);
        var rebuilt = NewStore(rollBytes: 512);
        for (var round = 0; round < 4; round++)
        {
            Assert.Equal($"{{\"n\":{Group - 1}}}", Text((await rebuilt.GetAsync($"queue:r{round}:{Group - 1}", Ct))!.Value));
        }

        Assert.True(File.Exists(indexes[1]));
        Assert.NotEqual(40, new FileInfo(indexes[0]).Length);
        Assert.Equal(4 * Group, await CountKeysAsync(NewStore(), "queue:r"));
    }

    [Fact]
    public async Task DamagedSegmentLine_MakesOnlyItsRecordUnreadable_NamingTheFileAndOffset()
    {
        await NewStore().CommitAsync(GroupOf("queue:item:", Group), Ct);
        var segment = Directory.EnumerateFiles(PathOf("records", "queue", "segments")).Single();
        var bytes = await File.ReadAllBytesAsync(segment, Ct);
        var text = Encoding.UTF8.GetString(bytes);

        // Line 5 garbled after its key; line 9 garbled beyond recognition (no key left).
        var damagedAt = LineStart(text, 5);
        var valueAt = text.IndexOf("\"value\"", damagedAt, StringComparison.Ordinal);
        bytes[valueAt] = (byte)'#';
        var lostAt = LineStart(text, 9);
        bytes.AsSpan(lostAt, 20).Fill((byte)'%');
        await File.WriteAllBytesAsync(segment, bytes, Ct);

        var sut = NewStore();
        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await sut.GetAsync("queue:item:5", Ct));
        Assert.Contains(segment, error.Message, StringComparison.Ordinal);
        Assert.Contains($"offset {damagedAt}", error.Message, StringComparison.Ordinal);
        Assert.True(UnreadableRecordException.IsUnreadable(error));
        for (var i = 0; i < Group; i++)
        {
            if (i is not 5 and not 9)
            {
                Assert.Equal($"{{\"n\":{i}}}", Text((await sut.GetAsync($"queue:item:{i}", Ct))!.Value));
            }
        }

        // The listing goes on: the damaged record is listed (so reading it reports it), the keyless line is not.
        var listed = new List<string>();
        await foreach (var key in sut.ListKeysAsync("queue:item:", Ct))
        {
            listed.Add(key);
        }

        Assert.Contains("queue:item:5", listed);
        Assert.DoesNotContain("queue:item:9", listed);
        Assert.Equal(Group - 1, listed.Count);

        // The family takes new groups; their records and the older ones read as before.
        Assert.True((await sut.CommitAsync(GroupOf("queue:more:", Group), Ct)).Committed);
        var reader = NewStore();
        Assert.Equal(1, (await reader.GetAsync("queue:more:5", Ct))!.Version);
        Assert.Equal(1, (await reader.GetAsync("queue:item:6", Ct))!.Version);
        await Assert.ThrowsAsync<InvalidDataException>(async () => await reader.GetAsync("queue:item:5", Ct));
    }

    [Fact]
    public async Task SupersededSegments_AreCompacted_WhileReadersKeepSeeingEveryRecord()
    {
        var writer = NewStore(rollBytes: 1024);
        var early = NewStore(rollBytes: 1024);
        Assert.True((await writer.CommitAsync(GroupOf("queue:a:", Group).Put("queue:kept", Json("{\"kept\":1}")), Ct)).Committed);
        Assert.Equal(1, (await early.GetAsync("queue:a:3", Ct))!.Version);
        var first = PathOf("records", "queue", "segments", "00000001.jsonl");
        var before = await File.ReadAllBytesAsync(first, Ct);

        // Rewriting the same keys again and again: without compaction every version would stay on disk.
        for (var round = 0; round < 12; round++)
        {
            Assert.True((await writer.CommitAsync(GroupOf("queue:a:", Group), Ct)).Committed);
        }

        var segments = Directory.EnumerateFiles(PathOf("records", "queue", "segments"), "*.jsonl").ToList();
        Assert.True(segments.Count >= 6);
        Assert.Equal(0, new FileInfo(first).Length);
        var stored = segments.Sum(path => new FileInfo(path).Length);
        Assert.True(stored < 6 * before.Length, $"{stored} bytes of segments for {before.Length} bytes of live records");

        // The record that was only in the compacted segment moved forward at its version; every reader sees it.
        foreach (var (reader, name) in new[] { (early, "early"), (writer, "writer"), (NewStore(rollBytes: 1024), "new") })
        {
            var kept = await reader.GetAsync("queue:kept", Ct);
            Assert.True(kept is not null, name + ": " + string.Join(", ", Directory.EnumerateFiles(PathOf("records", "queue", "segments")).Order().Select(p => Path.GetFileName(p) + "=" + new FileInfo(p).Length)));
            Assert.Equal("{\"kept\":1}", Text(kept.Value));
            Assert.Equal(1, (await reader.GetAsync("queue:kept", Ct))!.Version);
            Assert.Equal(13, (await reader.GetAsync("queue:a:3", Ct))!.Version);
        }

        Assert.Equal(Group + 1, await CountKeysAsync(NewStore(), "queue:"));

        // A crash between the copies and the switch leaves the old segment as it was: nothing changes.
        await File.WriteAllBytesAsync(first, before, Ct);
        File.Delete(Path.ChangeExtension(first, ".idx"));
        var afterCrash = NewStore(rollBytes: 1024);
        Assert.Equal(1, (await afterCrash.GetAsync("queue:kept", Ct))!.Version);
        Assert.Equal(13, (await afterCrash.GetAsync("queue:a:3", Ct))!.Version);
        Assert.Equal(Group + 1, await CountKeysAsync(afterCrash, "queue:"));
    }

    private static int LineStart(string text, int line)
    {
        var at = 0;
        for (var i = 0; i < line; i++)
        {
            at = text.IndexOf('\n', at) + 1;
        }

        return at;
    }

    /// <summary>The real file system, counting the segment files it opens for writing (one per append).</summary>
    private sealed class SegmentAppendCountingFileSystem : System.IO.Abstractions.IFileSystem
    {
        private readonly System.IO.Abstractions.FileSystem _inner = new();
        private int _segmentAppends;

        public SegmentAppendCountingFileSystem() => FileStream = new Streams(this);

        public int SegmentAppends => Volatile.Read(ref _segmentAppends);

        public System.IO.Abstractions.IFile File => _inner.File;

        public System.IO.Abstractions.IDirectory Directory => _inner.Directory;

        public System.IO.Abstractions.IFileInfoFactory FileInfo => _inner.FileInfo;

        public System.IO.Abstractions.IFileStreamFactory FileStream { get; }

        public System.IO.Abstractions.IPath Path => _inner.Path;

        public System.IO.Abstractions.IDirectoryInfoFactory DirectoryInfo => _inner.DirectoryInfo;

        public System.IO.Abstractions.IDriveInfoFactory DriveInfo => _inner.DriveInfo;

        public System.IO.Abstractions.IFileSystemWatcherFactory FileSystemWatcher => _inner.FileSystemWatcher;

        private sealed class Streams(SegmentAppendCountingFileSystem owner) : InterceptingStreamFactory
        {
            public override Stream Create(string path, FileMode mode, FileAccess access, FileShare share, int bufferSize, FileOptions options)
            {
                var directory = System.IO.Path.GetFileName(System.IO.Path.GetDirectoryName(path));
                if (access != FileAccess.Read && directory == "segments" && path.EndsWith(".jsonl", StringComparison.Ordinal))
                {
                    Interlocked.Increment(ref owner._segmentAppends);
                }

                return new FileStream(path, mode, access, share, bufferSize, options);
            }
        }
    }

    private FileStateStore NewStore(long rollBytes = 64L << 20) =>
        new(new FileStateStoreOptions { Directory = _directory.Path }, _time) { SegmentRollBytes = rollBytes };

    private string PathOf(params string[] parts) => Path.Combine([_directory.Path, .. parts]);

    private static StateTransaction GroupOf(string prefix, int count)
    {
        var transaction = new StateTransaction();
        for (var i = 0; i < count; i++)
        {
            transaction.Put($"{prefix}{i}", Json($"{{\"n\":{i}}}")).IndexAdd("queue:status:pending", prefix + i, i);
        }

        return transaction;
    }

    private static async Task<int> CountKeysAsync(FileStateStore store, string prefix)
    {
        var count = 0;
        await foreach (var key in store.ListKeysAsync(prefix, Ct))
        {
            Assert.StartsWith(prefix, key, StringComparison.Ordinal);
            count++;
        }

        return count;
    }

    private static ReadOnlyMemory<byte> Json(string json) => Encoding.UTF8.GetBytes(json);

    private static string Text(ReadOnlyMemory<byte> value) => Encoding.UTF8.GetString(value.Span);
}
