using Caio.State.Internal;

namespace Caio.State;

/// <summary>The outcome of <see cref="IStateStore.CommitAsync"/>.</summary>
public sealed class StateCommitResult
{
    private static readonly IReadOnlyDictionary<string, long> NoVersions = new Dictionary<string, long>(StringComparer.Ordinal);

    private StateCommitResult(bool committed, StateCondition? failedCondition, long currentVersion, IReadOnlyDictionary<string, long> versions)
    {
        Committed = committed;
        FailedCondition = failedCondition;
        CurrentVersion = currentVersion;
        Versions = versions;
    }

    /// <summary>Whether every condition held and every write was applied.</summary>
    public bool Committed { get; }

    /// <summary>The first condition that did not hold (nothing was written), or <see langword="null"/> when committed.</summary>
    public StateCondition? FailedCondition { get; }

    /// <summary>The version found for <see cref="FailedCondition"/>'s key (0 = absent); 0 when committed.</summary>
    public long CurrentVersion { get; }

    /// <summary>The new version of every record the transaction put (empty when not committed).</summary>
    public IReadOnlyDictionary<string, long> Versions { get; }

    /// <summary>A committed transaction.</summary>
    /// <param name="versions">The new version of every record put.</param>
    /// <returns>The result.</returns>
    public static StateCommitResult Success(IReadOnlyDictionary<string, long> versions)
    {
        ArgumentNullException.ThrowIfNull(versions);
        return new StateCommitResult(true, null, 0, versions);
    }

    /// <summary>A transaction refused because a condition did not hold; nothing was written.</summary>
    /// <param name="failedCondition">The first condition that did not hold.</param>
    /// <param name="currentVersion">The version found for its key (0 = absent).</param>
    /// <returns>The result.</returns>
    public static StateCommitResult Conflict(StateCondition failedCondition, long currentVersion) =>
        new(false, failedCondition, currentVersion, NoVersions);

    /// <summary>The new version of a record the transaction put.</summary>
    /// <param name="key">The record key.</param>
    /// <returns>The version.</returns>
    /// <exception cref="KeyNotFoundException">The transaction did not commit or did not put <paramref name="key"/>.</exception>
    public long VersionOf(string key) =>
        Versions.TryGetValue(key, out var version) ? version : throw new KeyNotFoundException($"The transaction did not write '{key}'.");
}
