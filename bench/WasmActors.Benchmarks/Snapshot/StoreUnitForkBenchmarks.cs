using WasmActors.Snapshot.Restore;

namespace WasmActors.Benchmarks.Snapshot;

/// <summary>
/// Time and allocation to the first instruction for an instance with a large table and segments
/// (<see cref="StoreUnitFixture"/>). In COW mode at Page, Instance and Module granularity neither copies nor fetches
/// the table or the segments before the first instruction (docs/adr-005-lazy-store-units.md).
/// </summary>
public class StoreUnitForkBenchmarks : RestoreAndForkBenchmarks
{
    private protected override RestoredInstance RestoreFixture(Granularity granularity, CopyMode mode) => StoreUnitFixture.Restore(granularity, mode);
}
