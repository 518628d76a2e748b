using Caio.State.Internal;

namespace Caio.State;

// Removing what expired: the file backend keeps an expired record or counter document until something
// writes its key again, so keys that are never written again (a batch's per-domain caps, settled action
// claims, last month's windows) would otherwise stay on disk for good.
public sealed partial class FileStateStore
{
    /// <summary>
    /// The least age <see cref="RemoveExpiredAsync"/> accepts: processes that share a state directory may
    /// disagree about the time by a few minutes (the worker refuses a clock more than 5 minutes off on real
    /// state), and a document one of them sees as expired may still be live for another.
    /// </summary>
    public static readonly TimeSpan MinimumExpiredAge = TimeSpan.FromMinutes(10);

    /// <summary>
    /// Removes the record and counter documents whose expiry lies more than <paramref name="olderThan"/> in the
    /// past. For every reader and writer nothing changes: an expired record or counter already reads as absent
    /// (a counter as 0), and a key written again after its expiry starts again at version 1 either way.
    /// </summary>
    /// <remarks>
    /// <para>
    /// The documents are read without a lock to find candidates; each candidate is then read again and removed
    /// under its family's lock, the lock every writer of that key takes, so a key written again meanwhile is
    /// left alone. A record whose segments hold an older copy gets a tombstone first, exactly as a delete does,
    /// so the older copy never shows through. A removal is that append (when needed) and one file delete: a crash
    /// at any point leaves every key expired or absent, which read the same, and the next sweep finishes it.
    /// </para>
    /// <para>
    /// Not removed: expired lines inside record segments (segment compaction keeps them until the segment is
    /// compacted), leases (a released lease's document keeps its fencing token), indexes and logs (nothing in them
    /// expires). An unreadable document is left in place and its path reported, for repair like any unreadable record.
    /// </para>
    /// <para>
    /// The call reads every document of every record and counter family, so it is maintenance to run now and then
    /// (the worker's <c>state sweep</c>), not on a hot path.
    /// </para>
    /// </remarks>
    /// <param name="olderThan">How long ago a document must have expired; at least <see cref="MinimumExpiredAge"/>.</param>
    /// <param name="cancellationToken">Stops between documents; what was removed stays removed.</param>
    /// <returns>How many record and counter documents were removed, and the paths of those that could not be read.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="olderThan"/> is less than <see cref="MinimumExpiredAge"/>.</exception>
    public async ValueTask<ExpiredStateRemoval> RemoveExpiredAsync(TimeSpan olderThan, CancellationToken cancellationToken = default)
    {
        if (olderThan < MinimumExpiredAge)
        {
            throw new ArgumentOutOfRangeException(
                nameof(olderThan),
                olderThan,
                $"Only documents that expired at least {MinimumExpiredAge.TotalMinutes:0} minutes ago can be removed: another process's clock may be behind this one's.");
        }

        var cutoff = _timeProvider.GetUtcNow() - olderThan;
        int records = 0, counters = 0;
        var unreadable = new List<string>();
        foreach (var (folder, path) in ExpiryCandidates())
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (ReadKeyAndExpiry(folder, path) is not { } found)
            {
                unreadable.Add(path);
                continue;
            }

            // Only a document at the path of its own key: anything else is not one this store wrote.
            if (!ExpiredBefore(found, cutoff) || !StateKeys.IsValid(found.Key)
                || !string.Equals(DocumentPath(folder, found.Key), path, StringComparison.Ordinal))
            {
                continue;
            }

            using var held = await LockFamilyAsync(folder, found.Key, cancellationToken);

            // Read again under the lock every writer of the key takes: it may have been written since.
            if (ReadKeyAndExpiry(folder, path) is not { } current)
            {
                unreadable.Add(path);
            }
            else if (!ExpiredBefore(current, cutoff))
            {
                continue;
            }
            else if (folder == CountersFolder)
            {
                _fileSystem.File.Delete(path);
                counters++;
            }
            else if (TryRemoveRecord(found.Key, path))
            {
                records++;
            }
            else
            {
                // Its segment line is damaged: left in place, like any unreadable record.
                unreadable.Add(path);
            }
        }

        return new ExpiredStateRemoval(records, counters, unreadable);
    }

    /// <summary>The documents of every record and counter family (not the segments, not temporary files).</summary>
    private IEnumerable<(string Folder, string Path)> ExpiryCandidates()
    {
        foreach (var folder in new[] { RecordsFolder, CountersFolder })
        {
            var root = _fileSystem.Path.Combine(RootDirectory, folder);
            if (!AtomicFile.DirectoryExists(_fileSystem, root))
            {
                continue;
            }

            foreach (var family in _fileSystem.Directory.EnumerateDirectories(root).Order(StringComparer.Ordinal).ToList())
            {
                foreach (var path in _fileSystem.Directory.EnumerateFiles(family, "*" + DocumentExtension).Order(StringComparer.Ordinal).ToList())
                {
                    yield return (folder, path);
                }
            }
        }
    }

    /// <summary>A document's key and expiry, or <see langword="null"/> when it cannot be read (gone meanwhile reads as no expiry).</summary>
    private (string Key, DateTimeOffset? ExpiresAt)? ReadKeyAndExpiry(string folder, string path)
    {
        try
        {
            if (folder == RecordsFolder)
            {
                return AtomicFile.TryReadAll(_fileSystem, path) is { } bytes && RecordDocument.Deserialize(bytes, path) is var entry
                    ? (entry.Key, entry.ExpiresAt)
                    : (string.Empty, null);
            }

            return ReadDocument(path, FileStateJsonContext.Default.CounterDocument) is { } counter ? (counter.Key, counter.ExpiresAt) : (string.Empty, null);
        }
        catch (Exception ex) when (UnreadableRecordException.IsUnreadable(ex))
        {
            return null;
        }
    }

    private static bool ExpiredBefore((string Key, DateTimeOffset? ExpiresAt) document, DateTimeOffset cutoff) =>
        document.ExpiresAt is { } expiresAt && expiresAt <= cutoff;

    /// <summary>Removes an expired record's document, hiding any segment copy first; <see langword="false"/> when its segment line cannot be read.</summary>
    private bool TryRemoveRecord(string key, string path)
    {
        var segments = Segments(key);
        SegmentLookup inSegments;
        try
        {
            inSegments = segments.Lookup(key);
        }
        catch (Exception ex) when (UnreadableRecordException.IsUnreadable(ex))
        {
            return false;
        }

        RemoveRecord(key, path, segments, inSegments, hasDocument: true);
        return true;
    }
}
