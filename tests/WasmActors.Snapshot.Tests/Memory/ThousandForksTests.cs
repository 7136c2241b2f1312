using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm.Execution;
using Xunit.Abstractions;

namespace WasmActors.Snapshot.Tests.Memory;

/// <summary>The fork goal in memory: 1,000 COW forks of a 64 MiB instance that each write 10 pages hold far less than 1 GiB.</summary>
public sealed class ThousandForksTests(ITestOutputHelper output)
{
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

    [Fact]
    public void Thousand_cow_forks_of_a_64_MiB_instance_each_writing_ten_pages_hold_far_less_than_a_GiB()
    {
        var (store, _) = Programs.Instantiate(Wat);
        Programs.Call(store, "fill");
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(SnapshotWriter.Capture(store)), new RestoreOptions { Mode = CopyMode.Cow });
        Programs.Call(restored.Store, "touch", 0);

        var before = GC.GetTotalMemory(forceFullCollection: true);
        var forks = new ForkedInstance[1000];
        for (var i = 0; i < forks.Length; i++)
        {
            forks[i] = restored.Fork();
            Executor.Invoke(forks[i].Store, forks[i].Store.Modules[0].GetFunction("touch"), [(ulong)(i * 10 % 16000)]);
        }

        var held = GC.GetTotalMemory(forceFullCollection: true) - before;
        Assert.All(forks, f => Assert.Equal(10, f.Metrics.OwnedPages));
        output.WriteLine($"1,000 COW forks of 64 MiB, 10 pages written each: {held / (1 << 20)} MiB held");

        // 1,000 × 10 owned 4 KiB pages are 40 MiB; everything else (page-table chunks, instances) must stay small.
        Assert.True(held < 256L << 20, $"1,000 forks hold {held >> 20} MiB");
        GC.KeepAlive(forks);
    }
}
