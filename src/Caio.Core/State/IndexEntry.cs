namespace Caio.State;

/// <summary>A member of a sorted index.</summary>
/// <param name="Member">The member.</param>
/// <param name="Score">Its score.</param>
public readonly record struct IndexEntry(string Member, double Score);
