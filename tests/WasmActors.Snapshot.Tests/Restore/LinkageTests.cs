using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>Several modules linked through imports, plus host-created instances, survive a snapshot with their links.</summary>
public sealed class LinkageTests
{
    private const string Library = """
        (module
          (memory (export "mem") 1 4)
          (table (export "tab") 2 funcref)
          (global (export "counter") (mut i32) (i32.const 0))
          (func $bump (export "bump") (result i32)
            (global.set 0 (i32.add (global.get 0) (i32.const 1)))
            (i32.store (i32.const 0) (global.get 0))
            (global.get 0))
          (elem (i32.const 0) $bump))
        """;

    private const string Client = """
        (module
          (import "lib" "mem" (memory 1))
          (import "lib" "tab" (table 2 funcref))
          (import "lib" "counter" (global (mut i32)))
          (import "lib" "bump" (func $bump (result i32)))
          (import "host" "scale" (func $scale (param i32) (result i32)))
          (import "host" "hits" (global $hits (mut i64)))
          (type $r (func (result i32)))
          (func $own (result i32) (i32.const 1000))
          (elem (i32.const 1) $own)
          (func (export "run") (result i32)
            (drop (call $bump))
            (global.set $hits (i64.add (global.get $hits) (i64.const 5)))
            (i32.add
              (i32.add (call_indirect (type $r) (i32.const 0)) (call_indirect (type $r) (i32.const 1)))
              (i32.add (call $scale (global.get 0)) (i32.add (i32.load (i32.const 0)) (i32.wrap_i64 (global.get $hits)))))))
        """;

    [Theory]
    [InlineData(Granularity.Module, CopyMode.Cow)]
    [InlineData(Granularity.Module, CopyMode.NoCow)]
    [InlineData(Granularity.Instance, CopyMode.Cow)]
    [InlineData(Granularity.Wasm, CopyMode.NoCow)]
    public void Imports_between_modules_and_from_the_host_are_restored(Granularity granularity, CopyMode mode)
    {
        var store = new Store();
        var host = HostDefinitions(store);
        var library = Instantiator.Instantiate(store, ModuleBinaries.Load(Programs.Binary(Library)), new Linker(), "lib");
        var client = Instantiator.Instantiate(store, ModuleBinaries.Load(Programs.Binary(Client)), host.DefineInstance("lib", library), "client");
        Executor.Invoke(store, client.GetFunction("run"), []);

        var file = SnapshotFile.Write(SnapshotWriter.Capture(store));
        var restored = SnapshotRestorer.Restore(
            new LocalSnapshotSource(SnapshotFile.Read(file)),
            new RestoreOptions { Granularity = granularity, Mode = mode, HostImports = HostDefinitions(new Store()) });

        var expected = Executor.Invoke(store, client.GetFunction("run"), []);
        var restoredClient = restored.Store.Modules.Single(m => m.Name == "client");
        Assert.Equal(expected, Executor.Invoke(restored.Store, restoredClient.GetFunction("run"), []));

        // The link is real: both modules see one memory and one global.
        var restoredLibrary = restored.Store.Modules.Single(m => m.Name == "lib");
        Assert.Same(restoredLibrary.Memories[0], restoredClient.Memories[0]);
        Assert.Same(restoredLibrary.Globals[0], restoredClient.Globals[0]);
        Assert.Equal(store.Globals[0].Value, restored.Store.Globals[0].Value);
    }

    [Fact]
    public void A_host_function_no_module_imports_cannot_be_captured()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        store.Add(new HostFunction(new FuncType([], []), (_, _, _) => { }, "orphan"));
        var e = Assert.Throws<SnapshotCaptureException>(() => SnapshotWriter.Capture(store));
        Assert.Contains("orphan", e.Message);
    }

    [Fact]
    public void A_host_function_of_another_type_is_a_link_error()
    {
        var store = new Store();
        var library = Instantiator.Instantiate(store, ModuleBinaries.Load(Programs.Binary(Library)), new Linker(), "lib");
        Instantiator.Instantiate(store, ModuleBinaries.Load(Programs.Binary(Client)), HostDefinitions(store).DefineInstance("lib", library), "client");
        var wrong = new Linker().Define("host", "scale", new HostFunction(new FuncType([ValType.I64], [ValType.I32]), (_, _, r) => r[0] = 0, "scale"));
        var e = Assert.Throws<Wasm.WasmLinkException>(() => SnapshotRestorer.Restore(new LocalSnapshotSource(SnapshotWriter.Capture(store)), new RestoreOptions { HostImports = wrong }));
        Assert.Contains("\"host\" \"scale\"", e.Message);
    }

    private static Linker HostDefinitions(Store store) => new Linker()
        .Define("host", "scale", new HostFunction(new FuncType([ValType.I32], [ValType.I32]), (_, a, r) => r[0] = a[0] * 3, "scale"))
        .Define("host", "hits", store.Add(new GlobalInstance(new GlobalType(ValType.I64, true), 7)));
}
