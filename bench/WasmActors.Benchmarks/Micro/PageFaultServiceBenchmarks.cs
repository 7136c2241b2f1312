using BenchmarkDotNet.Attributes;
using WasmActors.Benchmarks.Snapshot;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Benchmarks.Micro;

/// <summary>
/// The engine's side of a page fault, per faulting access (64 distinct 4 KiB pages per operation): a memory backed
/// by a plain page source; a COW fork whose pages come from its restore's shared cache; and a fresh Page-granularity
/// COW restore whose first touches fetch from the in-process mirror (restore cost included, spread over the faults).
/// The wire's share is measured by bench/WasmActors.Transport.Benchmarks and `wasmactors-bench`.
/// </summary>
[MemoryDiagnoser(false)]
[Config(typeof(ShortInProcessConfig))]
public class PageFaultServiceBenchmarks
{
    private const int Faults = 64;
    private const int Stride = 97; // pages apart, so read-ahead and locality do not hide faults

    private readonly ArrayPageSource _source = new();
    private RestoredInstance _restored = null!;
    private LocalSnapshotSource _mirror = null!;

    [GlobalSetup]
    public void Setup()
    {
        _mirror = new LocalSnapshotSource(ForkFixture.Snapshot);
        _restored = SnapshotRestorer.Restore(_mirror, new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow, PrefetchWorkingSet = false });
        TouchAll(_restored.Store.Memories[0]);
    }

    [Benchmark(OperationsPerInvoke = Faults)]
    public long FaultThroughPageSource()
    {
        var memory = new MemoryInstance(new MemoryType(new Limits(ForkFixture.MemoryPages, ForkFixture.MemoryPages)), source: _source, sourcePages: ForkFixture.MemoryPages);
        return TouchAll(memory);
    }

    [Benchmark(OperationsPerInvoke = Faults)]
    public long FaultFromSharedCache() => TouchAll(_restored.Fork().Store.Memories[0]);

    [Benchmark(OperationsPerInvoke = Faults)]
    public long FaultFetchedFromMirror()
    {
        var restored = SnapshotRestorer.Restore(_mirror, new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow, PrefetchWorkingSet = false });
        return TouchAll(restored.Store.Memories[0]);
    }

    private static long TouchAll(MemoryInstance memory)
    {
        long sum = 0;
        for (var i = 0; i < Faults; i++)
        {
            sum += memory.Load<int>((ulong)(i * Stride % (ForkFixture.MemoryPages * 16)) * 4096);
        }

        return sum;
    }

    /// <summary>Every page non-zero, the same array for all (the memory maps it read-only).</summary>
    private sealed class ArrayPageSource : IPageSource
    {
        private readonly byte[] _page = Enumerable.Repeat((byte)1, 4096).ToArray();

        public byte[]? GetPage(uint pageIndex) => _page;
    }
}
