namespace Caio.Core.Tests;

/// <summary>
/// Tests that must not share the process with tests running beside them: allocation assertions over code that
/// rents from <see cref="System.Buffers.ArrayPool{T}.Shared"/>, which a test running at the same time drains (it
/// takes the pooled arrays, so the measured call allocates fresh ones). They run one at a time, after the parallel tests.
/// </summary>
[CollectionDefinition(nameof(AloneCollection), DisableParallelization = true)]
public sealed class AloneCollection;
