using System.Text;
using Caio.State;
using Microsoft.Extensions.Time.Testing;

namespace Caio.Core.Tests.State;

/// <summary>
/// Only a record that is definitely absent reads as absent: a path component of the state directory that
/// has become a file (ENOTDIR, which .NET reports like a missing directory) is an error, on a real file system.
/// </summary>
public sealed class FileStateStoreAbsenceTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero));

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task GetAsync_FreshDirectory_IsAbsent()
    {
        var sut = NewStore(Path.Combine(_directory.Path, "not-yet-created"));

        Assert.Null(await sut.GetAsync("safety:emergency-stop", Ct));
        Assert.Empty(await ToListAsync(sut.ListKeysAsync("safety:", Ct)));
        Assert.Empty(await ToListAsync(sut.ReadLogAsync("audit", 0, Ct)));
        Assert.Empty(await sut.IndexRangeAsync("queue:pending", double.NegativeInfinity, double.PositiveInfinity, null, Ct));
    }

    [Fact]
    public async Task Reads_OfAbsentIndexesAndFamiliesWithoutSegments_ThrowNoExceptionInside()
    {
        // Absence is the usual answer on the send path (no domain suppressed, no contact history yet): finding it
        // must not cost a thrown and caught "not found" per read. The probe that avoids it is Linux's access(2).
        Assert.SkipUnless(OperatingSystem.IsLinux(), "the absence probe uses access(2) on Linux only");
        var sut = NewStore(_directory.Path);
        await sut.PutAsync("other:present", "{}"u8.ToArray(), cancellationToken: Ct);
        var notFound = 0;
        void Count(object? sender, System.Runtime.ExceptionServices.FirstChanceExceptionEventArgs e)
        {
            if (e.Exception is FileNotFoundException or DirectoryNotFoundException && e.Exception.Message.Contains(_directory.Path, StringComparison.Ordinal))
            {
                Interlocked.Increment(ref notFound);
            }
        }

        AppDomain.CurrentDomain.FirstChanceException += Count;
        try
        {
            for (var i = 0; i < 3; i++)
            {
                Assert.Empty(await sut.IndexRangeAsync("suppression:domains", double.NegativeInfinity, double.PositiveInfinity, null, Ct));
                Assert.Null(await sut.GetAsync("contact:email:ana@alpha.io", Ct));
                Assert.Null(await sut.GetAsync("other:absent", Ct));
            }
        }
        finally
        {
            AppDomain.CurrentDomain.FirstChanceException -= Count;
        }

        Assert.Equal(0, notFound);
    }

    [Fact]
    public async Task GetAsync_FamilyDirectoryIsAFile_ThrowsInsteadOfAbsent()
    {
        var sut = NewStore(_directory.Path);
        Directory.CreateDirectory(Path.Combine(_directory.Path, "records"));
        await File.WriteAllTextAsync(Path.Combine(_directory.Path, "records", "safety"), "not a directory", Ct);

        var ex = await Assert.ThrowsAsync<IOException>(async () => await sut.GetAsync("safety:emergency-stop", Ct));
        Assert.Contains("is a file, not a directory", ex.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<IOException>(async () => await ToListAsync(sut.ListKeysAsync("safety:", Ct)));
    }

    [Fact]
    public async Task Reads_StateRootComponentIsAFile_ThrowInsteadOfAbsent()
    {
        var root = Path.Combine(_directory.Path, "state");
        var sut = NewStore(Path.Combine(root, "inner"));
        Directory.Delete(root, recursive: true);
        await File.WriteAllTextAsync(root, "not a directory", Ct);

        await Assert.ThrowsAsync<IOException>(async () => await sut.GetAsync("suppression:email:a@b.test", Ct));
        await Assert.ThrowsAnyAsync<IOException>(async () => await sut.GetCounterAsync("cap:daily:2026-11-22", Ct));
        await Assert.ThrowsAnyAsync<IOException>(async () => await ToListAsync(sut.ReadLogAsync("audit", 0, Ct)));
        await Assert.ThrowsAnyAsync<IOException>(async () => await sut.IndexRangeAsync("queue:pending", double.NegativeInfinity, double.PositiveInfinity, null, Ct));
        await Assert.ThrowsAsync<IOException>(async () => await ToListAsync(sut.ListKeysAsync("queue:", Ct)));
    }

    [Fact]
    public async Task GetAsync_RecordWrittenThenFamilyReplacedByFile_Throws()
    {
        var sut = NewStore(_directory.Path);
        await sut.PutAsync("safety:emergency-stop", Encoding.UTF8.GetBytes("{\"engaged\":true}"), cancellationToken: Ct);
        var family = Path.Combine(_directory.Path, "records", "safety");
        Directory.Delete(family, recursive: true);
        await File.WriteAllTextAsync(family, string.Empty, Ct);

        await Assert.ThrowsAsync<IOException>(async () => await sut.GetAsync("safety:emergency-stop", Ct));
    }

    private FileStateStore NewStore(string directory) =>
        new(new FileStateStoreOptions { Directory = directory, FlushToDisk = false }, _time);

    private static async Task<List<T>> ToListAsync<T>(IAsyncEnumerable<T> source)
    {
        List<T> list = [];
        await foreach (var item in source)
        {
            list.Add(item);
        }

        return list;
    }
}
