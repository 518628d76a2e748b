using Caio.State.Internal;

namespace Caio.State;

public sealed partial class FileStateStore
{
    /// <inheritdoc />
    public async ValueTask IndexAddAsync(string index, string member, double score, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        ArgumentNullException.ThrowIfNull(member);
        StateRules.ValidateScore(score, nameof(score));
        using var held = await LockFamilyAsync(IndexesFolder, index, cancellationToken);
        Index(index).Add(member, score);
    }

    /// <inheritdoc />
    public async ValueTask<bool> IndexRemoveAsync(string index, string member, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        ArgumentNullException.ThrowIfNull(member);
        using var held = await LockFamilyAsync(IndexesFolder, index, cancellationToken);
        return Index(index).Remove(member);
    }

    /// <inheritdoc />
    public ValueTask<IReadOnlyList<IndexEntry>> IndexRangeAsync(string index, double min, double max, int? limit = null, CancellationToken cancellationToken = default)
    {
        StateKeys.Validate(index, nameof(index));
        StateRules.ValidateRange(min, max, limit);
        cancellationToken.ThrowIfCancellationRequested();
        if (PendingIntentTouching(LockName(IndexesFolder, index)) is { } locks)
        {
            return ReadUnderLocksAsync<IReadOnlyList<IndexEntry>>(locks, () => ReadRange(index, min, max, limit), cancellationToken);
        }

        return ValueTask.FromResult<IReadOnlyList<IndexEntry>>(ReadRange(index, min, max, limit));
    }

    /// <summary>A range read that keeps no more than <see cref="MaxCachedIndexMembers"/> members of the index afterwards.</summary>
    private List<IndexEntry> ReadRange(string index, double min, double max, int? limit)
    {
        var sorted = Index(index);
        var range = sorted.Range(min, max, limit);
        sorted.ForgetIfLarger(MaxCachedIndexMembers);
        return range;
    }

    private FileSortedIndex Index(string name) =>
        _indexes.GetOrAdd(name, static (name, store) =>
        {
            var stem = store._fileSystem.Path.Combine(store.RootDirectory, IndexesFolder, StateKeys.Escape(StateKeys.Family(name)), StateKeys.Escape(name));
            return new FileSortedIndex(store._fileSystem, name, stem + DocumentExtension, stem + LogExtension, store._flushToDisk);
        }, this);
}
