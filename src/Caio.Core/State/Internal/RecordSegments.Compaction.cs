namespace Caio.State.Internal;

/// <summary>
/// Compaction of closed segments. When the writer closes a segment it estimates, per older closed
/// segment, how many of that segment's keys the newly closed one rewrote (fingerprints passing the older
/// segment's filter); a closed segment whose superseded share reaches <see cref="CompactionThreshold"/>
/// is compacted: its newest-version lines are appended again, unchanged, to the open segment and flushed,
/// and only then are the segment and its index replaced (temporary file, flush, rename) by empty ones.
/// </summary>
/// <remarks>
/// A reader always catches up with the open segment before it looks at closed ones, so it finds the
/// copies first; a reader that opened the segment before the switch keeps reading the old file through
/// its handle, which holds the same records. A crash before the switch leaves copies of lines that are
/// still in the segment: the same records at the same versions, as after an intent is rolled forward.
/// The empty file keeps the segment's number, so segment numbers stay dense.
/// </remarks>
internal sealed partial class RecordSegments
{
    /// <summary>The share of superseded lines from which a closed segment is compacted.</summary>
    internal const double CompactionThreshold = 0.5;

    private const int CompactionChunkLines = 1024;

    /// <summary>Counts the keys of a just-closed segment against the older segments, then compacts those due.</summary>
    private void CompactIfDue(SealedSegment closed, List<(uint Fingerprint, long Offset)> entries, bool flush)
    {
        foreach (var older in _sealed)
        {
            if (older == closed || older.Lines == 0)
            {
                continue;
            }

            foreach (var (fingerprint, _) in entries)
            {
                if (older.MayContain(fingerprint))
                {
                    older.Superseded++;
                }
            }
        }

        for (var i = 0; i < _sealed.Count; i++)
        {
            if (_sealed[i] != closed && _sealed[i].Lines > 0 && _sealed[i].DeadShare >= CompactionThreshold)
            {
                _sealed[i] = Compact(_sealed[i], flush);
            }
        }
    }

    /// <summary>Moves the newest-version lines of a closed segment to the open one and empties the closed one.</summary>
    private SealedSegment Compact(SealedSegment closed, bool flush)
    {
        var reader = Reader(closed.Segment) ?? throw RecordDocument.Corrupt(SegmentPath(closed.Segment));
        var live = new List<(string Key, byte[] Line)>();
        ForEachLine(reader, 0, closed.Covered, (line, offset) =>
        {
            // Lines without a readable key belong to no record and are dropped; a damaged line that is its
            // key's newest is copied as it is, so it stays reported.
            if (SegmentLine.TryReadKey(line, out var key) && Newest(key).Location == Location(closed.Segment, offset))
            {
                live.Add((key, [.. line.TrimEnd((byte)' '), (byte)'\n']));
            }
        });

        for (var from = 0; from < live.Count; from += CompactionChunkLines)
        {
            AppendLines(live.GetRange(from, Math.Min(CompactionChunkLines, live.Count - from)), flush);
        }

        AtomicFile.Write(_fileSystem, SegmentPath(closed.Segment), [], flush);
        var emptied = SealedSegment.Create(_fileSystem, IndexPath(closed.Segment), closed.Segment, (0, 0), [], flush);
        closed.Dispose();
        if (_readers.Remove(closed.Segment, out var stream))
        {
            stream.Dispose();
        }

        return emptied;
    }
}
