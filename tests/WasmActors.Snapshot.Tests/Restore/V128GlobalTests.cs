using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm.Execution;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>A v128 global, set at run time, moves with its snapshot: both 64-bit halves.</summary>
public sealed class V128GlobalTests
{
    private const string Program = """
        (module
          (global $v (mut v128) (v128.const i64x2 0x1111222233334444 0x5555666677778888))
          (func (export "bump") (global.set $v (i32x4.add (global.get $v) (v128.const i32x4 1 2 3 4))))
          (func (export "high") (result i64) (i64x2.extract_lane 1 (global.get $v)))
          (func (export "low") (result i64) (i64x2.extract_lane 0 (global.get $v))))
        """;

    [Fact]
    public void Both_halves_of_a_v128_global_survive_a_snapshot()
    {
        var (store, _) = Programs.Instantiate(Program);
        Programs.Call(store, "bump");
        var high = Programs.Call(store, "high")[0];
        var low = Programs.Call(store, "low")[0];

        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(SnapshotFile.Read(SnapshotFile.Write(SnapshotWriter.Capture(store)))));
        Assert.Equal(low, Programs.Call(restored.Store, "low")[0]);
        Assert.Equal(high, Programs.Call(restored.Store, "high")[0]);
    }
}
