using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Benchmarks.Snapshot;

/// <summary>A 64 MiB instance with every page written, snapshotted once: what the fork benchmarks restore.</summary>
internal static class ForkFixture
{
    public const int MemoryPages = 1024;

    /// <summary>fill: writes one non-zero word per 4 KiB page; touch(p): writes 10 pages starting at 4 KiB page p.</summary>
    private const string Wat = """
        (module
          (memory (export "memory") 1024 1024)
          (func (export "fill") (local $a i32)
            (loop $l
              (i32.store (local.get $a) (i32.add (local.get $a) (i32.const 1)))
              (local.set $a (i32.add (local.get $a) (i32.const 4096)))
              (br_if $l (i32.lt_u (local.get $a) (i32.const 67108864)))))
          (func (export "touch") (param $p i32) (local $i i32)
            (loop $l
              (i32.store (i32.mul (i32.add (local.get $p) (local.get $i)) (i32.const 4096)) (local.get $i))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (i32.const 10))))))
        """;

    private static readonly Lazy<WasmActors.Snapshot.SnapshotImage> Shared = new(Create);

    public static WasmActors.Snapshot.SnapshotImage Snapshot => Shared.Value;

    public static void Touch(Store store, int page) =>
        Executor.Invoke(store, store.Modules[0].GetFunction("touch"), [(ulong)page]);

    private static WasmActors.Snapshot.SnapshotImage Create()
    {
        var module = ModuleBinaries.Load(Wasmtime.Module.ConvertText(Wat));
        var store = new Store();
        var instance = Instantiator.Instantiate(store, module, new Linker());
        Executor.Invoke(store, instance.GetFunction("fill"), []);
        return SnapshotWriter.Capture(store);
    }

    // One mirror for every restore, so its whole-file form (the Wasm unit) is written once, not per restore.
    private static readonly Lazy<LocalSnapshotSource> Mirror = new(() => new LocalSnapshotSource(Snapshot));

    public static RestoredInstance Restore(Granularity granularity, CopyMode mode) =>
        SnapshotRestorer.Restore(Mirror.Value, new RestoreOptions { Granularity = granularity, Mode = mode });
}
