using BenchmarkDotNet.Attributes;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Benchmarks.Snapshot;

/// <summary>
/// Restore and fork of one snapshot fixture at each granularity and mode, to the first instruction with the module
/// code already present. <c>Restore</c>: from the in-process mirror. <c>Fork</c>: a further fork of an already
/// restored snapshot. Subclasses name the fixture.
/// </summary>
[MemoryDiagnoser(false)]
[Config(typeof(ShortInProcessConfig))]
public abstract class RestoreAndForkBenchmarks
{
    private RestoredInstance _restored = null!;

    [Params(Granularity.Page, Granularity.Mixture, Granularity.Instance, Granularity.Module, Granularity.Wasm)]
    public Granularity Granularity { get; set; }

    [Params(CopyMode.Cow, CopyMode.NoCow)]
    public CopyMode Mode { get; set; }

    [GlobalSetup]
    public void Setup() => _restored = RestoreFixture(Granularity, Mode);

    // Results are returned as object: the snapshot types are internal, and the value only has to be kept alive.
    [Benchmark]
    public object Restore() => RestoreFixture(Granularity, Mode);

    [Benchmark]
    public object Fork() => _restored.Fork();

    private protected abstract RestoredInstance RestoreFixture(Granularity granularity, CopyMode mode);
}
