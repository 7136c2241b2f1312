using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;

namespace WasmActors.Snapshot.Tests.Format;

/// <summary>A checkpoint of a fork stores only what changed since its parent snapshot; a chain can be flattened.</summary>
public sealed class LineageTests
{
    [Fact]
    public void A_checkpoint_of_a_cow_fork_holds_only_its_changes_and_fetches_nothing_untouched()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 80);
        var parent = SnapshotWriter.Capture(store);

        var fork = SnapshotRestorer.Restore(new LocalSnapshotSource(parent), new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow });
        Programs.Call(fork.Store, "step", 2);
        var fetchedBefore = fork.SourceMetrics.BytesFetched;
        var child = SnapshotWriter.Capture(fork.Store, parent: parent);

        // Capturing did not pull the pages the fork never touched.
        Assert.Equal(fetchedBefore, fork.SourceMetrics.BytesFetched);
        Assert.True(child.ChunkBytes * 4 < parent.ChunkBytes, $"child {child.ChunkBytes} B, parent {parent.ChunkBytes} B");

        var delta = SnapshotFile.Write(child, delta: true);
        var full = SnapshotFile.Write(child);
        Assert.True(delta.Length * 4 < full.Length, $"delta {delta.Length} B, full {full.Length} B");

        // The delta reads back only with its parent; the flattened file stands alone; both restore the same state.
        Assert.Contains("was not given", Assert.Throws<SnapshotFormatException>(() => SnapshotFile.Read(delta)).Message);
        var fromDelta = SnapshotRestorer.Restore(new LocalSnapshotSource(SnapshotFile.Read(delta, parent: parent)));
        var fromFull = SnapshotRestorer.Restore(new LocalSnapshotSource(SnapshotFile.Read(full)), new RestoreOptions { Granularity = Granularity.Wasm });
        var expected = Programs.Digest(fork.Store);
        Assert.Equal(expected, Programs.Digest(fromDelta.Store));
        Assert.Equal(expected, Programs.Digest(fromFull.Store));
    }

    [Fact]
    public void A_delta_given_the_wrong_parent_is_refused()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        var parent = SnapshotWriter.Capture(store);
        Programs.Call(store, "step", 3);
        var child = SnapshotWriter.Capture(store, parent: parent);
        var stranger = SnapshotWriter.Capture(store);
        Assert.Throws<SnapshotFormatException>(() => SnapshotFile.Read(SnapshotFile.Write(child, delta: true), parent: stranger));
    }
}
