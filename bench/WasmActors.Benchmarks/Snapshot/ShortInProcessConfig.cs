using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Toolchains.InProcess.Emit;

namespace WasmActors.Benchmarks.Snapshot;

/// <summary>
/// Runs in the benchmark process itself (no generated project to build, which on a loaded machine can exceed
/// BenchmarkDotNet's build timeout), with a few iterations: fork costs differ by orders of magnitude.
/// </summary>
internal sealed class ShortInProcessConfig : ManualConfig
{
    public ShortInProcessConfig() =>
        AddJob(Job.Default.WithToolchain(InProcessEmitToolchain.Instance).WithLaunchCount(1).WithWarmupCount(2).WithIterationCount(6));
}
