using Caio.State.Internal;

namespace Caio.State;

public sealed partial class FileStateStore
{
    /// <summary>
    /// The pending intents a reader must respect: this store's own commits in progress (known in
    /// memory) and, when the shared intent counter has grown by more than this store's own
    /// increments since the last listing that found no other intent, what <c>intents/</c> holds.
    /// </summary>
    /// <remarks>
    /// A committer counts its intent after writing it and before applying anything, and a roll-forward
    /// counts before applying, so a reader that sees no foreign growth cannot meet half of a foreign
    /// commit. Writers always list (<see cref="LockAsync"/>): an intent whose writer died before
    /// counting it has applied nothing, but must still be finished before its keys are written again.
    /// </remarks>
    private IEnumerable<(string Path, string[] Locks)> PendingIntentsForRead()
    {
        var own = _intentSequence.Own;
        var consistent = _intentSequence.TryRead(out var shared);
        if (consistent && Volatile.Read(ref _cleanListing) is { } clean && shared - clean.Shared == own - clean.Own)
        {
            return _ownIntents.Select(pair => (pair.Key, pair.Value));
        }

        var pending = PendingIntents();
        if (consistent && pending.TrueForAll(intent => _ownIntents.ContainsKey(intent.Path)))
        {
            Volatile.Write(ref _cleanListing, new CleanListing(shared, own));
        }

        return pending;
    }

    /// <summary>Adds one to the shared intent counter (see <see cref="IntentSequence"/>).</summary>
    private async ValueTask CountIntentAsync(CancellationToken cancellationToken)
    {
        using var held = await _locks.AcquireAsync(IntentsFolder + "." + IntentSequenceFile, cancellationToken);
        _intentSequence.Increment();
    }

    /// <summary>The intents on disk and the locks each names (read once per intent and cached).</summary>
    private List<(string Path, string[] Locks)> PendingIntents()
    {
        List<(string, string[])> pending = [];
        if (!AtomicFile.DirectoryExists(_fileSystem, _intentsDirectory))
        {
            return pending; // definitely no intent; a broken state directory throws instead
        }

        foreach (var path in _fileSystem.Directory.EnumerateFiles(_intentsDirectory, "*" + DocumentExtension))
        {
            if (!path.EndsWith(DocumentExtension, StringComparison.Ordinal))
            {
                continue;
            }

            if (!_intentLocks.TryGetValue(path, out var locks))
            {
                var bytes = AtomicFile.TryReadAll(_fileSystem, path);
                if (bytes is null)
                {
                    continue; // finished meanwhile
                }

                locks = CommitIntent.ParseLocks(bytes, path);
                _intentLocks[path] = locks;
            }

            pending.Add((path, locks));
        }

        if (_intentLocks.Count > pending.Count)
        {
            foreach (var path in _intentLocks.Keys)
            {
                if (!pending.Exists(p => string.Equals(p.Item1, path, StringComparison.Ordinal)))
                {
                    _intentLocks.TryRemove(path, out _);
                }
            }
        }

        return pending;
    }

    /// <summary>The shared counter and this store's own increments when a listing found no foreign intent.</summary>
    private sealed record CleanListing(long Shared, long Own);
}
