using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Benchmarks.Snapshot;

/// <summary>
/// An instance whose state is mostly outside memory: a 65,536-entry table (512 KiB of elements) filled at run time,
/// an 8,192-item passive element segment and a 256 KiB passive data segment, next to a 1 MiB memory. What a COW
/// fork of it copies and fetches before its first instruction is what lazy tables and segments save.
/// </summary>
internal static class StoreUnitFixture
{
    private static readonly Lazy<WasmActors.Snapshot.SnapshotImage> Shared = new(Create);

    // One mirror for every restore, so its whole-file form (the Wasm unit) is written once, not per restore.
    private static readonly Lazy<LocalSnapshotSource> Mirror = new(() => new LocalSnapshotSource(Shared.Value));

    public static RestoredInstance Restore(Granularity granularity, CopyMode mode) =>
        SnapshotRestorer.Restore(Mirror.Value, new RestoreOptions { Granularity = granularity, Mode = mode });

    private static WasmActors.Snapshot.SnapshotImage Create()
    {
        var items = string.Join(' ', Enumerable.Range(0, 8192).Select(i => i % 3 == 0 ? "$a" : "$b"));
        var wat = $$"""
            (module
              (memory 16)
              (table $t 65536 funcref)
              (elem $p func {{items}})
              (elem declare func $a $b)
              (data $d "{{new string('x', 256 * 1024)}}")
              (func $a (result i32) (i32.const 1))
              (func $b (result i32) (i32.const 2))
              (func (export "fill") (local $i i32)
                (loop $l
                  (table.set $t (local.get $i)
                    (select (result funcref) (ref.func $a) (ref.func $b) (i32.rem_u (local.get $i) (i32.const 3))))
                  (i32.store (i32.mul (local.get $i) (i32.const 16)) (local.get $i))
                  (local.set $i (i32.add (local.get $i) (i32.const 1)))
                  (br_if $l (i32.lt_u (local.get $i) (i32.const 65536))))))
            """;
        var module = ModuleBinaries.Load(Wasmtime.Module.ConvertText(wat));
        var store = new Store();
        var instance = Instantiator.Instantiate(store, module, new Linker());
        Executor.Invoke(store, instance.GetFunction("fill"), []);
        return SnapshotWriter.Capture(store);
    }
}
