using BenchmarkDotNet.Attributes;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Benchmarks.Snapshot;

/// <summary>
/// Memory held by 1,000 COW forks of one 64 MiB snapshot that each write 10 pages (goal: &lt; 1 GiB in all). The
/// Allocated column is that memory: every fork stays alive until the operation ends.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ShortInProcessConfig))]
public class ForkMemoryBenchmarks
{
    private RestoredInstance _restored = null!;

    [GlobalSetup]
    public void Setup() => _restored = ForkFixture.Restore(Granularity.Mixture, CopyMode.Cow);

    // Results are returned as object: the snapshot types are internal, and the value only has to be kept alive.
    [Benchmark]
    public object ThousandForksTouchingTenPages()
    {
        var forks = new ForkedInstance[1000];
        for (var i = 0; i < forks.Length; i++)
        {
            forks[i] = _restored.Fork();
            ForkFixture.Touch(forks[i].Store, (i * 10) % (ForkFixture.MemoryPages * 16 - 10));
        }

        return forks;
    }
}
