using System.Buffers;

namespace Caio.State.Internal;

internal sealed partial class FileSortedIndex
{
    private const int TailProbe = 64 * 1024;

    /// <summary>
    /// Appends changes to the current journal without replaying the index: reads the journal's header
    /// and the snapshot's generation, cuts off a torn last line, and appends. The caller holds the index
    /// family's lock and <see cref="_sync"/>; the instance stays unloaded.
    /// </summary>
    private void AppendWithoutLoading(IReadOnlyList<(IndexJournalOp Op, string Member, double Score)> changes, bool flush)
    {
        using var lines = new MemoryStream();
        foreach (var (op, member, score) in changes)
        {
            lines.Write(op == IndexJournalOp.Add ? IndexJournalFormat.AddLine(member, score) : IndexJournalFormat.RemoveLine(member));
        }

        if (lines.Length == 0)
        {
            return;
        }

        var snapshotGeneration = ReadSnapshotGeneration();
        Stream? journal = null;
        try
        {
            journal = OpenJournalForWrite();
            long journalGeneration = NoJournal, headerLength = 0;
            if (journal is not null)
            {
                (journalGeneration, headerLength) = ReadHeader(journal);
            }

            if (journal is null || journalGeneration < snapshotGeneration)
            {
                // No journal yet, or a stale one (its lines are all in the snapshot): start the snapshot's
                // generation with header and lines in one rename.
                journal?.Dispose();
                journal = null;
                var header = IndexJournalFormat.Header(_name, snapshotGeneration);
                var content = new byte[header.Length + lines.Length];
                header.CopyTo(content, 0);
                lines.ToArray().CopyTo(content, header.Length);
                AtomicFile.Write(_fileSystem, _journalPath, content, flush);
                return;
            }

            if (journalGeneration > snapshotGeneration)
            {
                throw Corrupt(_journalPath, "the journal's generation is newer than the snapshot's");
            }

            var clean = CleanEnd(journal, headerLength);
            if (journal.Length > clean)
            {
                // A torn last line from an append that never completed: cut it off first.
                journal.SetLength(clean);
                AtomicFile.Flush(journal, _flushToDisk);
            }

            journal.Position = clean;
            journal.Write(lines.GetBuffer(), 0, (int)lines.Length);
            AtomicFile.Flush(journal, flush);
        }
        finally
        {
            journal?.Dispose();
        }
    }

    private Stream? OpenJournalForWrite()
    {
        try
        {
            return _fileSystem.FileStream.Create(_journalPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            AtomicFile.ThrowUnlessAbsent(_fileSystem, _journalPath, (IOException)ex);
            return null;
        }
    }

    /// <summary>The offset just after the journal's last line break (never before the header's end).</summary>
    private static long CleanEnd(Stream journal, long headerLength)
    {
        var length = journal.Length;
        var buffer = ArrayPool<byte>.Shared.Rent(TailProbe);
        try
        {
            var end = length;
            while (end > headerLength)
            {
                var start = Math.Max(headerLength, end - TailProbe);
                var count = (int)(end - start);
                journal.Position = start;
                journal.ReadExactly(buffer, 0, count);
                var last = buffer.AsSpan(0, count).LastIndexOf((byte)'\n');
                if (last >= 0)
                {
                    return start + last + 1;
                }

                end = start;
            }

            return headerLength;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
