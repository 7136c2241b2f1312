using WasmActors.Snapshot.Capture;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Tests.Support;

/// <summary>Test programs in WAT, compiled once, and helpers to instantiate and call them.</summary>
internal static class Programs
{
    /// <summary>
    /// A program whose state lives in every instance kind: memory (with a data segment and pages written at run
    /// time), a table whose entries change at run time, mutable globals, a passive element segment and a passive
    /// data segment that a run drops. <c>step</c> advances the state; <c>digest</c> folds all of it into one number.
    /// </summary>
    public const string Stateful = """
        (module
          (type $unary (func (param i32) (result i32)))
          (memory (export "memory") 4 64)
          (table $t (export "table") 4 funcref)
          (global $steps (export "steps") (mut i32) (i32.const 0))
          (global $acc (mut i64) (i64.const 1))
          (data (i32.const 16) "hello, snapshot")
          (data $passive "passive-bytes")
          (elem $passive func $double $triple)
          (elem (i32.const 0) $inc $inc $inc)
          (func $inc (param i32) (result i32) (i32.add (local.get 0) (i32.const 1)))
          (func $double (param i32) (result i32) (i32.mul (local.get 0) (i32.const 2)))
          (func $triple (param i32) (result i32) (i32.mul (local.get 0) (i32.const 3)))
          (func (export "step") (param $n i32)
            (local $i i32)
            (loop $l
              (global.set $steps (i32.add (global.get $steps) (i32.const 1)))
              ;; write a word on a page chosen by the step number: spreads writes over many pages
              (i32.store
                (i32.add (i32.const 4096) (i32.mul (i32.rem_u (global.get $steps) (i32.const 50)) (i32.const 4100)))
                (call_indirect (type $unary) (global.get $steps) (i32.rem_u (global.get $steps) (i32.const 3))))
              (global.set $acc (i64.add (i64.mul (global.get $acc) (i64.const 31)) (i64.extend_i32_u (global.get $steps))))
              (if (i32.eq (global.get $steps) (i32.const 5))
                (then
                  (table.init $t $passive (i32.const 1) (i32.const 0) (i32.const 2))
                  (memory.init $passive (i32.const 200) (i32.const 0) (i32.const 13))
                  (elem.drop $passive)
                  (data.drop $passive)))
              (if (i32.eq (global.get $steps) (i32.const 9))
                (then (drop (memory.grow (i32.const 1)))))
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (local.get $n)))))
          (func (export "digest") (result i64)
            (local $p i32) (local $h i64)
            (local.set $h (global.get $acc))
            (loop $l
              (local.set $h (i64.add (i64.mul (local.get $h) (i64.const 1000003)) (i64.load (local.get $p))))
              (local.set $p (i32.add (local.get $p) (i32.const 8)))
              (br_if $l (i32.lt_u (local.get $p) (i32.mul (memory.size) (i32.const 65536)))))
            (i64.add (local.get $h) (i64.extend_i32_u (i32.add (global.get $steps) (memory.size))))))
        """;

    private static readonly Dictionary<string, byte[]> Compiled = [];

    public static byte[] Binary(string wat)
    {
        lock (Compiled)
        {
            if (!Compiled.TryGetValue(wat, out var bytes))
            {
                bytes = Wasmtime.Module.ConvertText(wat);
                Compiled[wat] = bytes;
            }

            return bytes;
        }
    }

    public static (Store Store, ModuleInstance Instance) Instantiate(string wat, IImportResolver? imports = null, string? name = null)
    {
        var module = ModuleBinaries.Load(Binary(wat));
        var store = new Store();
        return (store, Instantiator.Instantiate(store, module, imports ?? new Linker(), name));
    }

    public static ulong[] Call(Store store, string export, params ulong[] arguments) =>
        Executor.Invoke(store, store.Modules[^1].GetFunction(export), arguments);

    public static ulong Digest(Store store) => Call(store, "digest")[0];
}
