using BenchmarkDotNet.Attributes;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Durable;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Benchmarks.Snapshot;

/// <summary>
/// What the durable store adds to a snapshot upload's acknowledgement (ADR-014): writing a 64 MiB snapshot whose
/// chunks are all new, and a fork's full snapshot that shares all but the pages it wrote with one stored already.
/// Each iteration writes into a store of its own on the temporary folder's file system.
/// </summary>
[Config(typeof(ShortInProcessConfig))]
public class DurableStoreBenchmarks
{
    private WasmActors.Snapshot.SnapshotImage _fork = null!;
    private string _directory = "";
    private DurableSnapshotStore _store = null!;

    [GlobalSetup]
    public void Setup()
    {
        var fork = ForkFixture.Restore(Granularity.Page, CopyMode.Cow);
        ForkFixture.Touch(fork.Store, 100);
        _fork = SnapshotWriter.Capture(fork.Store).Flatten();
    }

    [IterationSetup(Target = nameof(Put64MiBAllNew))]
    public void OpenEmptyStore() => _store = DurableSnapshotStore.Open(_directory = NewDirectory(), out _, out _);

    [IterationSetup(Target = nameof(PutForkSharingAllButItsWrites))]
    public void OpenStoreHoldingTheParent()
    {
        OpenEmptyStore();
        _store.Put("parent", "i-1", 0, ForkFixture.Snapshot);
    }

    [IterationCleanup]
    public void RemoveStore() => Directory.Delete(_directory, recursive: true);

    /// <summary>64 MiB, every chunk new: one pack and one record, each flushed.</summary>
    [Benchmark]
    public void Put64MiBAllNew() => _store.Put("parent", "i-1", 0, ForkFixture.Snapshot);

    /// <summary>A fork's full snapshot: only its 10 written pages and its records are new.</summary>
    [Benchmark]
    public void PutForkSharingAllButItsWrites() => _store.Put("fork", "i-2", 0, _fork);

    private static string NewDirectory() => Path.Combine(Path.GetTempPath(), $"wasmactors-bench-store-{Guid.NewGuid():N}");
}
