namespace Caio.State;

/// <summary>What <see cref="FileStateStore.RemoveExpiredAsync"/> removed, and what it could not read.</summary>
public sealed class ExpiredStateRemoval
{
    /// <summary>Creates the result.</summary>
    /// <param name="records">Record documents removed.</param>
    /// <param name="counters">Counter documents removed.</param>
    /// <param name="unreadable">Paths of the documents that could not be read and were left in place.</param>
    public ExpiredStateRemoval(int records, int counters, IReadOnlyList<string> unreadable)
    {
        ArgumentNullException.ThrowIfNull(unreadable);
        Records = records;
        Counters = counters;
        Unreadable = unreadable;
    }

    /// <summary>Record documents removed.</summary>
    public int Records { get; }

    /// <summary>Counter documents removed.</summary>
    public int Counters { get; }

    /// <summary>Paths of the documents that could not be read and were left in place (for repair, like any unreadable record).</summary>
    public IReadOnlyList<string> Unreadable { get; }
}
