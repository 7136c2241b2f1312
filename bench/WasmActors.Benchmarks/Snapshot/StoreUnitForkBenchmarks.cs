using BenchmarkDotNet.Attributes;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Benchmarks.Snapshot;

/// <summary>
/// Time and allocation to the first instruction for an instance with a large table and segments
/// (<see cref="StoreUnitFixture"/>), code already present: a restore from the in-process mirror and a further fork,
/// per granularity and mode. In COW mode at Page, Instance and Module granularity neither copies nor fetches the
/// table or the segments before the first instruction (docs/adr-005-lazy-store-units.md).
/// </summary>
[MemoryDiagnoser(false)]
[Config(typeof(ShortInProcessConfig))]
public class StoreUnitForkBenchmarks
{
    private RestoredInstance _restored = null!;

    [Params(Granularity.Page, Granularity.Mixture, Granularity.Instance, Granularity.Module, Granularity.Wasm)]
    public Granularity Granularity { get; set; }

    [Params(CopyMode.Cow, CopyMode.NoCow)]
    public CopyMode Mode { get; set; }

    [GlobalSetup]
    public void Setup() => _restored = StoreUnitFixture.Restore(Granularity, Mode);

    [Benchmark]
    public RestoredInstance Restore() => StoreUnitFixture.Restore(Granularity, Mode);

    [Benchmark]
    public ForkedInstance Fork() => _restored.Fork();
}
