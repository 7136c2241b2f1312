using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>Snapshot, write, read, restore at every granularity and mode; the restored state equals the original.</summary>
public sealed class RoundTripTests
{
    public static TheoryData<Granularity, CopyMode> AllWays()
    {
        var data = new TheoryData<Granularity, CopyMode>();
        foreach (var g in Enum.GetValues<Granularity>())
        {
            foreach (var m in Enum.GetValues<CopyMode>())
            {
                data.Add(g, m);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(AllWays))]
    public void A_restored_store_continues_exactly_like_the_original(Granularity granularity, CopyMode mode)
    {
        var (original, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(original, "step", 12);

        var file = SnapshotFile.Write(SnapshotWriter.Capture(original), compress: true);
        var source = new LocalSnapshotSource(SnapshotFile.Read(file));
        var restored = SnapshotRestorer.Restore(source, new RestoreOptions { Granularity = granularity, Mode = mode });

        Assert.Equal(Programs.Digest(original), Programs.Digest(restored.Store));
        Programs.Call(original, "step", 40);
        Programs.Call(restored.Store, "step", 40);
        Assert.Equal(Programs.Digest(original), Programs.Digest(restored.Store));
        Assert.Equal(original.Globals[0].Value, restored.Store.Globals[0].Value);
        Assert.True(restored.Store.Elements[0].IsDropped);
        Assert.True(restored.Store.Datas[1].IsDropped);
    }

    [Fact]
    public void The_file_form_is_deterministic_and_elides_zero_pages()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 3);
        var a = SnapshotWriter.Capture(store);
        var b = SnapshotWriter.Capture(store);
        Assert.Equal(SnapshotFile.Write(a), SnapshotFile.Write(b));

        var memory = store.Memories[0];
        var nonZero = Enumerable.Range(0, memory.EnginePageCount).Count(p => memory.GetPage(p).ContainsAnyExcept((byte)0));
        var bytes = SnapshotFile.Write(a);
        Assert.True(bytes.Length < (nonZero + 8) * memory.PageSize, $"{bytes.Length} bytes for {nonZero} non-zero pages");
    }

    [Fact]
    public void Compression_shrinks_the_file_and_reads_back_the_same_state()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 30);
        var snapshot = SnapshotWriter.Capture(store);
        var raw = SnapshotFile.Write(snapshot);
        var packed = SnapshotFile.Write(snapshot, compress: true);
        Assert.True(packed.Length < raw.Length);
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(SnapshotFile.Read(packed)));
        Assert.Equal(Programs.Digest(store), Programs.Digest(restored.Store));
    }

    [Fact]
    public void A_snapshot_of_a_restored_store_equals_the_original_snapshot()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 7);
        var first = SnapshotWriter.Capture(store);
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(first), new RestoreOptions { Mode = CopyMode.Cow });
        var second = SnapshotWriter.Capture(restored.Store);
        Assert.Equal(SnapshotFile.Write(first), SnapshotFile.Write(second));
    }
}
