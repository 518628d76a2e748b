namespace Caio.State.Redis;

/// <summary>An entry the migration could not copy.</summary>
/// <param name="Key">The key (or file) that failed.</param>
/// <param name="Error">Why.</param>
public sealed record StateMigrationError(string Key, string Error);
