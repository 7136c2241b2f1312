using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>COW forks share the snapshot's pages; what each one costs is visible in its metrics.</summary>
public sealed class CowForkTests
{
    [Fact]
    public void Many_cow_forks_hold_only_the_pages_they_wrote()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 60);
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(SnapshotWriter.Capture(store)), new RestoreOptions { Mode = CopyMode.Cow });

        var forks = Enumerable.Range(0, 50).Select(_ => restored.Fork()).ToArray();
        foreach (var fork in forks)
        {
            Assert.Equal(0, fork.Metrics.OwnedPages);
            Programs.Call(fork.Store, "step", 1);
            Assert.InRange(fork.Metrics.OwnedPages, 1, 2);
        }

        // Pages are fetched once for the restore, not once per fork.
        var expected = Programs.Digest(forks[0].Store);
        var fetched = restored.SourceMetrics.BytesFetched;
        Assert.All(forks, f => Assert.Equal(expected, Programs.Digest(f.Store)));
        Assert.Equal(fetched, restored.SourceMetrics.BytesFetched);
    }

    [Fact]
    public void Cow_copies_less_before_the_first_instruction_than_no_cow()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 60);
        var snapshot = SnapshotWriter.Capture(store);

        var cow = SnapshotRestorer.Restore(new LocalSnapshotSource(snapshot), new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow });
        var noCow = SnapshotRestorer.Restore(new LocalSnapshotSource(snapshot), new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.NoCow });

        Assert.True(cow.Metrics.BytesBeforeFirstInstruction < noCow.Metrics.BytesBeforeFirstInstruction);
        Assert.True(cow.Metrics.BytesCopiedBeforeFirstInstruction < noCow.Metrics.BytesCopiedBeforeFirstInstruction);
        Assert.Equal(0, cow.Metrics.Faults);

        Programs.Digest(cow.Store);
        Assert.True(cow.Metrics.Faults > 0);
        Assert.Equal(Programs.Digest(noCow.Store), Programs.Digest(cow.Store));
    }

    [Fact]
    public void Coarser_granularities_need_fewer_round_trips()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 60);
        var snapshot = SnapshotWriter.Capture(store);
        long Requests(Granularity g)
        {
            var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(snapshot), new RestoreOptions { Granularity = g, Mode = CopyMode.NoCow }, new ModuleCache());
            return restored.Metrics.Requests;
        }

        var page = Requests(Granularity.Page);
        var mixture = Requests(Granularity.Mixture);
        var instance = Requests(Granularity.Instance);
        var module = Requests(Granularity.Module);
        var wasm = Requests(Granularity.Wasm);
        // Page and Mixture differ only when code or tables span several pages; this program's fit in one.
        Assert.True(page >= mixture && mixture > instance && instance > module && module > wasm, $"{page} {mixture} {instance} {module} {wasm}");
        Assert.Equal(1, wasm);
    }

    [Fact]
    public void Read_ahead_and_the_working_set_save_round_trips_on_faults()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 60);
        var snapshot = SnapshotWriter.Capture(store);
        long FaultRequests(SnapshotImage s, int readAhead)
        {
            var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(s), new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow, ReadAheadPages = readAhead });
            var before = restored.SourceMetrics.Requests;
            Programs.Digest(restored.Store);
            return restored.SourceMetrics.Requests - before;
        }

        var plain = FaultRequests(snapshot, 0);
        Assert.True(FaultRequests(snapshot, 8) < plain);

        // Record the pages a run touched, then fork again: they come in one batch before the first instruction.
        var probe = SnapshotRestorer.Restore(new LocalSnapshotSource(snapshot), new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow });
        Programs.Digest(probe.Store);
        var touched = WorkingSet.Of(probe.Store);
        Assert.NotEmpty(touched);
        Assert.Equal(0, FaultRequests(snapshot.WithWorkingSet(touched), 0));
    }

    [Fact]
    public void Code_already_present_on_the_node_is_neither_fetched_nor_decoded_again()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        var snapshot = SnapshotWriter.Capture(store);
        var cache = new ModuleCache();
        var options = new RestoreOptions { Granularity = Granularity.Instance, Mode = CopyMode.Cow };
        var first = SnapshotRestorer.Restore(new LocalSnapshotSource(snapshot), options, cache);
        var second = SnapshotRestorer.Restore(new LocalSnapshotSource(snapshot), options, cache);

        var code = Programs.Binary(Programs.Stateful).Length;
        Assert.Equal(code, first.Metrics.BytesBeforeFirstInstruction - second.Metrics.BytesBeforeFirstInstruction);
        Assert.Same(first.Store.Modules[0].Module, second.Store.Modules[0].Module);
        Assert.Equal(1, cache.Count);
    }
}
