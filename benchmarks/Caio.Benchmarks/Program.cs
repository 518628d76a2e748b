using BenchmarkDotNet.Running;
using Caio.Benchmarks;

if (args is ["--memory-check", var count])
{
    return await StreamingMemoryCheck.RunAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
}

BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(args);
return 0;
