using BenchmarkDotNet.Attributes;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Benchmarks.Snapshot;

/// <summary>
/// Time to the first instruction of a fork of a 64 MiB instance (every 4 KiB page non-zero), module code already
/// present. <c>Restore</c>: from the in-process mirror (LocalSnapshotSource) at each granularity and mode.
/// <c>Fork</c>: a further fork of an already restored snapshot — the goal is ≤ 10 µs in COW mode.
/// </summary>
[MemoryDiagnoser(false)]
[Config(typeof(ShortInProcessConfig))]
public class ForkLatencyBenchmarks
{
    private RestoredInstance _restored = null!;

    [Params(Granularity.Page, Granularity.Mixture, Granularity.Instance, Granularity.Module, Granularity.Wasm)]
    public Granularity Granularity { get; set; }

    [Params(CopyMode.Cow, CopyMode.NoCow)]
    public CopyMode Mode { get; set; }

    [GlobalSetup]
    public void Setup() => _restored = ForkFixture.Restore(Granularity, Mode);

    [Benchmark]
    public RestoredInstance Restore() => ForkFixture.Restore(Granularity, Mode);

    [Benchmark]
    public ForkedInstance Fork() => _restored.Fork();
}
