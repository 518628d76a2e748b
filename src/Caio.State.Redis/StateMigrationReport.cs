namespace Caio.State.Redis;

/// <summary>What <see cref="StateMigration.FromFilesAsync"/> did: counts per family, and the keys that failed.</summary>
public sealed class StateMigrationReport
{
    private readonly SortedDictionary<string, long> _migrated = new(StringComparer.Ordinal);
    private readonly SortedDictionary<string, long> _skipped = new(StringComparer.Ordinal);
    private readonly List<StateMigrationError> _errors = [];

    internal StateMigrationReport()
    {
        foreach (var family in StateMigration.Families)
        {
            _migrated[family] = 0;
            _skipped[family] = 0;
        }
    }

    /// <summary>Entries copied now, per family.</summary>
    public IReadOnlyDictionary<string, long> Migrated => _migrated;

    /// <summary>Entries the target already had (or that are not copied, like leases), per family.</summary>
    public IReadOnlyDictionary<string, long> Skipped => _skipped;

    /// <summary>Every entry that could not be copied, with its error.</summary>
    public IReadOnlyList<StateMigrationError> Errors => _errors;

    /// <summary>Whether everything was copied or skipped without error.</summary>
    public bool Ok => _errors.Count == 0;

    internal void Count(string family, long migrated = 0, long skipped = 0)
    {
        _migrated[family] += migrated;
        _skipped[family] += skipped;
    }

    internal void Fail(string key, string error) => _errors.Add(new StateMigrationError(key, error));

    /// <summary>Runs one copy: <see langword="true"/> counts as migrated, <see langword="false"/> as skipped, an exception as an error.</summary>
    internal async Task TryAsync(string family, string key, Func<Task<bool>> copy)
    {
        try
        {
            if (await copy().ConfigureAwait(false))
            {
                Count(family, migrated: 1);
            }
            else
            {
                Count(family, skipped: 1);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Fail(key, ex.Message);
        }
    }
}
