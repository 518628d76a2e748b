using System.Collections.Concurrent;
using Caio.State.Internal;

namespace Caio.State;

public sealed partial class FileStateStore
{
    private const string SegmentsFolder = "segments";

    private readonly ConcurrentDictionary<string, RecordSegments> _segments = new(StringComparer.Ordinal);

    /// <summary>The length from which a record segment is closed and the next one started (tests make it small).</summary>
    internal long SegmentRollBytes { get; init; } = RecordSegments.DefaultRollBytes;

    /// <summary>The segments of the record family of <paramref name="key"/>.</summary>
    private RecordSegments Segments(string key) =>
        _segments.GetOrAdd(StateKeys.Escape(StateKeys.Family(key)), static (family, store) =>
            new RecordSegments(store._fileSystem, store._fileSystem.Path.Combine(store.RootDirectory, RecordsFolder, family, SegmentsFolder), store.SegmentRollBytes), this);

    /// <summary>
    /// Applies a group's record writes as one append per family to its segments (puts as record
    /// documents, deletes as tombstones), then removes any document of those keys, which would otherwise
    /// take precedence over the segment. The caller holds every lock of the intent.
    /// </summary>
    private void ApplyToSegments(CommitIntent intent, HashSet<string>? documents, bool flush)
    {
        var byFamily = new Dictionary<RecordSegments, List<(string Key, byte[] Line)>>();
        foreach (var (key, document) in intent.Puts)
        {
            // A document read back from an intent has lost its trailing line break.
            LinesFor(byFamily, key).Add((key, document.Length > 0 && document[^1] == (byte)'\n' ? document : [.. document, (byte)'\n']));
        }

        foreach (var key in intent.Deletes)
        {
            LinesFor(byFamily, key).Add((key, SegmentLine.Tombstone(key)));
        }

        foreach (var (segments, lines) in byFamily)
        {
            segments.Append(lines, flush);
        }

        // Only after the segment lines: a document left by a single-key write must not shadow them.
        foreach (var (key, _) in intent.Puts)
        {
            if (documents is null || documents.Contains(key))
            {
                DeleteDocument(key);
            }
        }

        foreach (var key in intent.Deletes)
        {
            DeleteDocument(key);
        }
    }

    private List<(string Key, byte[] Line)> LinesFor(Dictionary<RecordSegments, List<(string Key, byte[] Line)>> byFamily, string key)
    {
        var segments = Segments(key);
        if (!byFamily.TryGetValue(segments, out var lines))
        {
            byFamily[segments] = lines = [];
        }

        return lines;
    }

    /// <summary>
    /// Deletes the records of a commit outside a group: tombstones first for the keys whose family's segments
    /// still hold a copy (which would otherwise show through once the document is gone, or when there never
    /// was one), one append and one flush per family, then the documents. Idempotent, so a roll-forward may
    /// apply it again.
    /// </summary>
    private void DeleteRecords(List<string> keys, bool flush)
    {
        var byFamily = new Dictionary<RecordSegments, List<(string Key, byte[] Line)>>();
        foreach (var key in keys)
        {
            if (Segments(key).Lookup(key).Document is not null)
            {
                LinesFor(byFamily, key).Add((key, SegmentLine.Tombstone(key)));
            }
        }

        foreach (var (segments, lines) in byFamily)
        {
            segments.Append(lines, flush);
        }

        foreach (var key in keys)
        {
            DeleteDocument(key);
        }
    }

    private void DeleteDocument(string key)
    {
        try
        {
            _fileSystem.File.Delete(DocumentPath(RecordsFolder, key));
        }
        catch (DirectoryNotFoundException)
        {
            // Nothing to delete.
        }
    }
}
