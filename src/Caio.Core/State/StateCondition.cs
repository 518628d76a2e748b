using Caio.State.Internal;

namespace Caio.State;

/// <summary>A condition of a <see cref="StateTransaction"/> on one record.</summary>
/// <param name="Key">The record key.</param>
/// <param name="ExpectedVersion">
/// The version the record must have (0 = absent or expired), or <see langword="null"/> for "live at any version".
/// </param>
public readonly record struct StateCondition(string Key, long? ExpectedVersion)
{
    /// <summary>Whether a record at <paramref name="currentVersion"/> (0 = absent) meets this condition.</summary>
    /// <param name="currentVersion">The record's live version, or 0 when absent or expired.</param>
    /// <returns><see langword="true"/> when the condition holds.</returns>
    public bool IsMetBy(long currentVersion) => ExpectedVersion is { } expected ? currentVersion == expected : currentVersion > 0;
}
