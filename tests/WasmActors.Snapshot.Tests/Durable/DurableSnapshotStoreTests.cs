using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Durable;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;

namespace WasmActors.Snapshot.Tests.Durable;

/// <summary>
/// The memory node's durable store: snapshots come back whole after a reopen, a chunk held by several snapshots is
/// stored once and freed with its last holder, and damaged files drop the snapshots that need them, with a reason.
/// </summary>
public sealed class DurableSnapshotStoreTests : IDisposable
{
    private readonly string _directory = Path.Combine(Path.GetTempPath(), $"wasmactors-store-{Guid.NewGuid():N}");

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    /// <summary>A full snapshot, a sibling that shares most of its pages, and a delta of the first.</summary>
    private static (SnapshotImage Parent, SnapshotImage Sibling, SnapshotImage Delta, ulong DeltaDigest) Family()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 80);
        var parent = SnapshotWriter.Capture(store);
        Programs.Call(store, "step", 1);
        var sibling = SnapshotWriter.Capture(store);
        Programs.Call(store, "step", 2);
        var delta = SnapshotWriter.Capture(store, parent: parent);
        return (parent, sibling, delta, Programs.Digest(store));
    }

    private DurableSnapshotStore Open(out IReadOnlyList<StoredSnapshot> held, out IReadOnlyList<DroppedSnapshot> dropped) =>
        DurableSnapshotStore.Open(_directory, out held, out dropped);

    private string[] Files(string folder) => Directory.GetFiles(Path.Combine(_directory, folder));

    [Fact]
    public void Snapshots_come_back_whole_after_a_reopen_parents_first_and_restore_the_same_state()
    {
        var (parent, sibling, delta, digest) = Family();
        var store = Open(out var empty, out _);
        Assert.Empty(empty);
        store.Put("b-parent", "i-1", 1000, parent);
        store.Put("c-sibling", "i-1", 1001, sibling);
        store.Put("a-delta", "i-1", 50, delta);

        Open(out var held, out var dropped);

        Assert.Empty(dropped);
        Assert.Equal(["a-delta", "b-parent", "c-sibling"], held.Select(h => h.SnapshotId).Order(StringComparer.Ordinal));
        Assert.True(held.ToList().FindIndex(h => h.SnapshotId == "b-parent") < held.ToList().FindIndex(h => h.SnapshotId == "a-delta"));
        var restoredDelta = held.Single(h => h.SnapshotId == "a-delta");
        Assert.Equal(50, restoredDelta.UploadBytes);
        Assert.Same(held.Single(h => h.SnapshotId == "b-parent").Snapshot, restoredDelta.Snapshot.Parent);
        Assert.Equal(delta.Chunks.Keys.Select(id => id.Value).Order(), restoredDelta.Snapshot.Chunks.Keys.Select(id => id.Value).Order());
        Assert.Equal(digest, Programs.Digest(SnapshotRestorer.Restore(new LocalSnapshotSource(restoredDelta.Snapshot)).Store));
    }

    [Fact]
    public void A_chunk_held_by_several_snapshots_is_stored_once_and_freed_only_with_its_last_holder()
    {
        var (parent, sibling, _, _) = Family();
        var shared = parent.Chunks.Keys.Intersect(sibling.Chunks.Keys).ToArray();
        Assert.NotEmpty(shared);
        var store = Open(out _, out _);

        store.Put("parent", "i-1", 1, parent);
        var alone = store.BytesOnDisk();
        store.Put("sibling", "i-1", 1, sibling);

        Assert.All(shared, id => Assert.Equal(2, store.References(id)));
        Assert.True(store.BytesOnDisk() - alone < alone / 2, $"the sibling added {store.BytesOnDisk() - alone} bytes to {alone}");

        store.Remove("parent");
        Assert.All(shared, id => Assert.Equal(1, store.References(id)));
        Assert.All(parent.Chunks.Keys.Except(sibling.Chunks.Keys), id => Assert.Equal(0, store.References(id)));
        Open(out var held, out var dropped);
        Assert.Empty(dropped);
        Assert.Equal("sibling", Assert.Single(held).SnapshotId);

        store = Open(out _, out _);
        store.Remove("sibling");
        Assert.All(shared, id => Assert.Equal(0, store.References(id)));
        Assert.Equal(0, store.Packs);
        Assert.Empty(Files("packs"));
        Assert.Empty(Files("snapshots"));
    }

    [Fact]
    public void A_corrupted_pack_drops_every_snapshot_that_needs_it_and_its_deltas_with_a_typed_reason()
    {
        var (parent, _, delta, _) = Family();
        var store = Open(out _, out _);
        store.Put("parent", "i-1", 1, parent);
        store.Put("delta", "i-1", 1, delta);
        var pack = Files("packs").OrderByDescending(f => new FileInfo(f).Length).First();
        var bytes = File.ReadAllBytes(pack);
        bytes[bytes.Length / 2] ^= 0x40;
        File.WriteAllBytes(pack, bytes);

        Open(out var held, out var dropped);

        Assert.Empty(held);
        Assert.Equal(StoreDefect.PackUnreadable, dropped.Single(d => d.SnapshotId == "parent").Defect);
        Assert.Equal(StoreDefect.ParentMissing, dropped.Single(d => d.SnapshotId == "delta").Defect);
        Assert.Empty(Files("snapshots"));
        Assert.Empty(Files("packs"));
    }

    [Fact]
    public void A_truncated_record_is_dropped_and_leftovers_of_interrupted_writes_are_removed()
    {
        var (parent, sibling, _, _) = Family();
        var store = Open(out _, out _);
        store.Put("parent", "i-1", 1, parent);
        store.Put("sibling", "i-1", 1, sibling);
        var record = Path.Combine(_directory, "snapshots", "sibling.record");
        File.WriteAllBytes(record, File.ReadAllBytes(record)[..^3]);
        File.WriteAllBytes(Path.Combine(_directory, "packs", "torn-upload.pack.tmp"), [1, 2, 3]);
        File.WriteAllBytes(Path.Combine(_directory, "packs", "orphan.pack"), StoreFiles.WritePack([(ChunkId.Of([9]), [9])]));

        Open(out var held, out var dropped);

        Assert.Equal("parent", Assert.Single(held).SnapshotId);
        var reason = Assert.Single(dropped);
        Assert.Equal(("sibling", StoreDefect.RecordUnreadable), (reason.SnapshotId, reason.Defect));
        Assert.Contains("truncated", reason.Detail, StringComparison.Ordinal);
        Assert.Equal(["parent.record"], Files("snapshots").Select(Path.GetFileName));
        Assert.Single(Files("packs")); // the parent's: the sibling's own pack, the orphan and the temporary are gone
    }
}
