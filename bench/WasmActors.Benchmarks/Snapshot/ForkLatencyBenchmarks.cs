using WasmActors.Snapshot.Restore;

namespace WasmActors.Benchmarks.Snapshot;

/// <summary>
/// Time to the first instruction of a fork of a 64 MiB instance (every 4 KiB page non-zero, <see cref="ForkFixture"/>);
/// the goal for <c>Fork</c> is ≤ 10 µs in COW mode.
/// </summary>
public class ForkLatencyBenchmarks : RestoreAndForkBenchmarks
{
    private protected override RestoredInstance RestoreFixture(Granularity granularity, CopyMode mode) => ForkFixture.Restore(granularity, mode);
}
