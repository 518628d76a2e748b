namespace Caio.State.Redis.Tests;

/// <summary>
/// Tests that must not share the machine with the rest of the suite: the fault tests, whose 500 ms command
/// timeouts a loaded processor can exceed, and the four-worker kill runs, which load both cores for tens of
/// seconds. They run one at a time, after the parallel tests.
/// </summary>
[CollectionDefinition(nameof(AloneCollection), DisableParallelization = true)]
public sealed class AloneCollection;
