using CsCheck;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Tests.Capture;

/// <summary>
/// Captures of a frozen store while the program runs on, and deltas against the previous capture: what live
/// migration's pre-copy rounds and repeated snapshots are made of.
/// </summary>
public sealed class FrozenCaptureTests
{
    [Fact]
    public void A_frozen_view_keeps_its_contents_while_the_memory_is_written_and_the_next_freeze_names_the_written_pages()
    {
        var memory = new MemoryInstance(new MemoryType(new Limits(2, null)));
        memory.Store(100UL, 7);
        var view = memory.Freeze(out var first);
        Assert.Equal([0], first);

        memory.Store(100UL, 8);
        memory.Store(5UL * 4096, 9);
        memory.Store(5UL * 4096 + 8, 10);
        Assert.Equal(7, view.Load<int>(100));
        Assert.Equal(0, view.Load<int>(5 * 4096));

        var later = memory.Freeze(out var second);
        Assert.Equal([0, 5], second);
        Assert.Equal(8, later.Load<int>(100));
        memory.Freeze(out var none);
        Assert.Empty(none);
    }

    [Fact]
    public void A_delta_against_the_previous_freeze_has_the_full_captures_manifest_and_restores_the_same_run()
    {
        var (reference, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(reference, "step", 200);

        var (store, instance) = Programs.Instantiate(Programs.Stateful);
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("step"), [200UL]);
        machine.Fuel = 60;
        Assert.Equal(RunStatus.Paused, machine.Run());
        var baseSnapshot = SnapshotWriter.Capture(FrozenStore.Freeze(store, machine), null, out var baseline);
        var baseFile = SnapshotFile.Write(baseSnapshot);

        machine.Fuel = 10; // about five steps (a call and a loop back edge each), a page written in each
        Assert.Equal(RunStatus.Paused, machine.Run());
        var frozen = FrozenStore.Freeze(store, machine);
        Assert.InRange(frozen.WrittenPages, 1, 20);
        var delta = SnapshotWriter.Capture(frozen, baseline, out _);
        var full = SnapshotWriter.Capture(frozen, null, out _);

        // Content addressing: the delta names exactly what the full capture names, and holds far less.
        Assert.Equal(full.ManifestBytes, delta.ManifestBytes);
        var deltaFile = SnapshotFile.Write(delta, delta: true);
        Assert.True(deltaFile.Length * 4 < SnapshotFile.Write(full).Length, $"delta {deltaFile.Length} B");

        var parent = SnapshotFile.Read(baseFile);
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(SnapshotFile.Read(deltaFile, parent: parent)), new RestoreOptions { Mode = CopyMode.Cow });
        AssertSameMemories(store, restored.Store);
        restored.Machine!.Fuel = null;
        Assert.Equal(RunStatus.Completed, restored.Machine.Run());
        Assert.Equal(Programs.Digest(reference), Programs.Digest(restored.Store));
    }

    [Fact]
    public void A_delta_of_a_few_written_pages_stays_small_however_large_the_dense_memory()
    {
        // 16 MiB, every page non-zero: the memory record's page lists name 4,096 pages (~70 KB in all). A delta after
        // two page writes carries those two pages, the page lists they fall in and small records, not every list.
        var (store, instance) = Programs.Instantiate("""(module (memory (export "memory") 256) (func (export "noop")))""");
        var memory = store.Memories[0];
        for (var page = 0UL; page < 4096; page++)
        {
            memory.Store(page * 4096, page + 1);
        }

        var baseSnapshot = SnapshotWriter.Capture(FrozenStore.Freeze(store, null), null, out var baseline);
        var baseFile = SnapshotFile.Write(baseSnapshot);
        memory.Store(17UL * 4096 + 8, 99UL);
        memory.Store(4000UL * 4096 + 8, 98UL);
        var delta = SnapshotWriter.Capture(FrozenStore.Freeze(store, null), baseline, out _);
        var deltaFile = SnapshotFile.Write(delta, delta: true);

        Assert.InRange(deltaFile.Length, 2 * 4096, (2 * 4096) + (2 * RecordCodec.PageListSpan * (1 + ChunkId.Size)) + 4096);
        var (page17, page4000) = (new byte[4096], new byte[4096]);
        memory.Read(17UL * 4096, page17);
        memory.Read(4000UL * 4096, page4000);
        Assert.Equal(new HashSet<ChunkId> { ChunkId.Of(page17), ChunkId.Of(page4000) }, SnapshotMemories.OwnPages(delta));
        var parent = SnapshotFile.Read(baseFile);
        var stored = SnapshotFile.Read(deltaFile, parent: parent);
        var cold = SnapshotRestorer.Restore(new LocalSnapshotSource(stored), new RestoreOptions { Mode = CopyMode.Cow });
        AssertSameMemories(store, cold.Store);

        // A node that restored the base (a migration target during pre-copy) fetches only what changed: the new
        // manifest and records, the two page lists, not the other 14 lists or the code.
        var warmBase = SnapshotRestorer.Restore(new LocalSnapshotSource(parent), new RestoreOptions { Mode = CopyMode.Cow });
        var warm = SnapshotRestorer.Restore(new LocalSnapshotSource(stored), new RestoreOptions { Mode = CopyMode.Cow, Warm = warmBase });
        AssertSameMemories(store, warm.Store);
        Assert.True(cold.Metrics.BytesBeforeFirstInstruction > 14 * RecordCodec.PageListSpan * (1 + ChunkId.Size), $"cold restore fetched {cold.Metrics.BytesBeforeFirstInstruction} B");
        Assert.InRange(warm.Metrics.BytesBeforeFirstInstruction, 1, (3 * RecordCodec.PageListSpan * (1 + ChunkId.Size)) + 4096);
        Assert.NotNull(instance);
    }

    [Fact]
    public void Writes_that_race_a_background_capture_are_never_lost()
    {
        // Rounds: run to a pause, freeze, capture on another thread while the program runs on to the next pause
        // (its writes race the capture), then capture the next round against this one. A round may be dropped (its
        // capture never becomes the baseline), which the next round must survive too.
        var rounds = Gen.Select(Gen.Int[0, 40], Gen.Bool).Array[1, 5];
        Gen.Select(Gen.Int[20, 200], rounds).Sample(
            (steps, plan) =>
            {
                var (reference, _) = Programs.Instantiate(Programs.Stateful);
                Programs.Call(reference, "step", (ulong)steps);

                var (store, instance) = Programs.Instantiate(Programs.Stateful);
                var machine = new Machine(store);
                machine.Start(instance.GetFunction("step"), [(ulong)steps]);
                var files = new List<(byte[] File, bool Delta)>();
                SnapshotBaseline? baseline = null;
                Task<(byte[] File, bool Delta, SnapshotBaseline Next)>? pending = null;
                var keep = true;
                foreach (var (fuel, adopt) in plan)
                {
                    machine.Fuel = fuel;
                    var status = machine.Run(); // runs while the previous round is captured
                    Adopt(pending?.Result, keep);
                    if (status == RunStatus.Completed)
                    {
                        Assert.Equal(Programs.Digest(reference), Programs.Digest(store));
                        return;
                    }

                    var frozen = FrozenStore.Freeze(store, machine);
                    var parent = baseline;
                    pending = Task.Run(() =>
                    {
                        var snapshot = SnapshotWriter.Capture(frozen, parent, out var next);
                        return (SnapshotFile.Write(snapshot, delta: parent is not null), parent is not null, next);
                    });
                    keep = adopt;
                }

                var (last, _, _) = pending!.Result;
                Adopt(pending.Result, keep: true);
                var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(ReadChain(files)), new RestoreOptions { Mode = CopyMode.Cow });
                AssertSameMemories(store, restored.Store);
                Assert.Equal(Programs.Digest(store), Programs.Digest(restored.Store));
                restored.Machine!.Fuel = null;
                Assert.Equal(RunStatus.Completed, restored.Machine.Run());
                Assert.Equal(Programs.Digest(reference), Programs.Digest(restored.Store));
                Assert.NotNull(last);

                void Adopt((byte[] File, bool Delta, SnapshotBaseline Next)? round, bool keep)
                {
                    if (round is { } r && keep)
                    {
                        files.Add((r.File, r.Delta));
                        baseline = r.Next;
                    }
                }
            },
            iter: 40,
            threads: 1);
    }

    /// <summary>Reads a chain of files (a full one, then deltas each naming the one before).</summary>
    private static SnapshotImage ReadChain(List<(byte[] File, bool Delta)> files)
    {
        SnapshotImage? current = null;
        foreach (var (file, delta) in files)
        {
            current = SnapshotFile.Read(file, parent: delta ? current : null);
        }

        return current!;
    }

    private static void AssertSameMemories(Store expected, Store actual)
    {
        Assert.Equal(expected.Memories.Count, actual.Memories.Count);
        for (var m = 0; m < expected.Memories.Count; m++)
        {
            var (e, a) = (expected.Memories[m], actual.Memories[m]);
            Assert.Equal(e.Length, a.Length);
            var (left, right) = (new byte[e.PageSize], new byte[a.PageSize]);
            for (var p = 0; p < e.EnginePageCount; p++)
            {
                e.Read((ulong)p * (ulong)e.PageSize, left);
                a.Read((ulong)p * (ulong)a.PageSize, right);
                Assert.True(left.AsSpan().SequenceEqual(right), $"memory {m} page {p} differs");
            }
        }
    }
}
