using BenchmarkDotNet.Running;
using Caio.Benchmarks;

if (args is ["--memory-check", var count])
{
    return await StreamingMemoryCheck.RunAsync(int.Parse(count, System.Globalization.CultureInfo.InvariantCulture));
}

if (args is ["--redis-throughput", .. var rest])
{
    return await RedisThroughputCheck.RunAsync(rest is [var n] ? int.Parse(n, System.Globalization.CultureInfo.InvariantCulture) : 200_000);
}

if (args is ["--cpu-time", .. var part])
{
    return CpuTimeRun.Run(part is [var only] ? only : null);
}

if (args is ["--rate-limit", var adds, ..])
{
    return await RateLimitRun.RunAsync(int.Parse(adds, System.Globalization.CultureInfo.InvariantCulture), unlimited: args is [_, _, "--unlimited"]);
}

BenchmarkSwitcher.FromAssembly(typeof(PipelineBenchmarks).Assembly).Run(args);
return 0;
