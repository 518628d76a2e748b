using System.Buffers;
using System.IO.Abstractions;
using System.Text.Json;

namespace Caio.State.Internal;

/// <summary>Appending to the journal and compacting it.</summary>
internal sealed partial class FileSortedIndex
{
    /// <summary>Makes <paramref name="line"/> durable at the end of the current journal. Caller holds the lock.</summary>
    private void Append(byte[] line) => Append(line, 1, _flushToDisk);

    /// <summary>Appends <paramref name="count"/> whole lines at the end of the current journal. Caller holds the lock.</summary>
    private void Append(byte[] line, int count, bool flush)
    {
        if (_journalGeneration == NoJournal || _journalStale)
        {
            // No journal yet (a new or single-document index), or a stale one left by a compaction that
            // died before replacing it: start the snapshot's generation, header and line in one rename.
            var header = IndexJournalFormat.Header(_name, _snapshotGeneration);
            var content = new byte[header.Length + line.Length];
            header.CopyTo(content, 0);
            line.CopyTo(content, header.Length);
            AtomicFile.Write(_fileSystem, _journalPath, content, flush);
            _journalGeneration = _snapshotGeneration;
            _journalStale = false;
            _journalLength = header.Length;
            _journalLines = 0;
        }
        else
        {
            using var stream = _fileSystem.FileStream.Create(_journalPath, FileMode.Open, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1, FileOptions.None);
            if (stream.Length < _journalLength)
            {
                throw Corrupt(_journalPath, "the journal is shorter than the lines already read from it");
            }

            if (stream.Length > _journalLength)
            {
                // A torn last line from an append that never completed: cut it off first.
                stream.SetLength(_journalLength);
                AtomicFile.Flush(stream, _flushToDisk);
            }

            stream.Position = _journalLength;
            stream.Write(line);
            AtomicFile.Flush(stream, flush);
        }

        _journalLength += line.Length;
        _journalLines += count;
    }

    /// <summary>Folds the journal into a new snapshot once dead lines dominate it. Caller holds the lock.</summary>
    private void CompactIfDue()
    {
        if (_journalLines <= (2L * _members.Count) + CompactionSlack)
        {
            return;
        }

        var generation = _snapshotGeneration + 1;
        var snapshot = JsonSerializer.SerializeToUtf8Bytes(new IndexDocument(_name, generation, _members), FileStateJsonContext.Default.IndexDocument);
        AtomicFile.Write(_fileSystem, _snapshotPath, snapshot, _flushToDisk);

        // From here until the journal is replaced, the old journal is stale and ignored by everyone.
        _snapshotGeneration = generation;
        _journalStale = true;
        var header = IndexJournalFormat.Header(_name, generation);
        AtomicFile.Write(_fileSystem, _journalPath, header, _flushToDisk);
        _journalGeneration = generation;
        _journalStale = false;
        _journalLength = header.Length;
        _journalLines = 0;
    }
}
