namespace Caio.State;

/// <summary>Outcome of a bounded increment.</summary>
/// <param name="Applied">Whether the delta was applied.</param>
/// <param name="Value">The counter's value after the call (unchanged when not applied).</param>
public readonly record struct CounterResult(bool Applied, long Value);
