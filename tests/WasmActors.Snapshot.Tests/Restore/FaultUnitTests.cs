using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>In COW mode, what one page fault fetches depends on the granularity; forks may fault on many threads at once.</summary>
public sealed class FaultUnitTests
{
    private static readonly Lazy<SnapshotImage> Sample = new(() =>
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", 60);
        return SnapshotWriter.Capture(store);
    });

    [Theory]
    [InlineData(Granularity.Page, 1)]
    [InlineData(Granularity.Mixture, 1)]
    [InlineData(Granularity.Instance, -1)]
    [InlineData(Granularity.Module, -1)]
    public void The_first_fault_fetches_one_unit_of_the_granularity(Granularity granularity, int expectedChunks)
    {
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(Sample.Value), new RestoreOptions { Granularity = granularity, Mode = CopyMode.Cow });
        var requests = restored.SourceMetrics.Requests;
        var chunks = restored.SourceMetrics.ChunksFetched;

        Assert.Equal(0x6c6c6568u, restored.Store.Memories[0].Load<uint>(16)); // "hell" of the active data segment

        // Instance: the memory's pages. Module: the module's whole unit, its table's pieces included (the sample's
        // segments are dropped by then).
        var manifest = Sample.Value.Manifest;
        var residentPages = Tamper.Memory(Sample.Value, 0).ResidentPages.Length;
        var tablePieces = RecordCodec.DecodeTable(Sample.Value.GetChunk(manifest.Tables[0]), "table").Elements.Pages.Length;
        var unit = granularity == Granularity.Module ? residentPages + tablePieces : residentPages;
        Assert.Equal(requests + 1, restored.SourceMetrics.Requests);
        Assert.Equal(expectedChunks > 0 ? expectedChunks : unit, restored.SourceMetrics.ChunksFetched - chunks);

        // What a fork reports as its cost before the first instruction leaves out the faults after it.
        Assert.Equal(requests, restored.SourceMetrics.RequestsBeforeFirstInstruction);

        // A second touch of any page of the unit costs no round trip.
        restored.Store.Memories[0].Load<uint>(20);
        Assert.Equal(requests + 1, restored.SourceMetrics.Requests);
    }

    [Fact]
    public void Forks_running_on_many_threads_share_one_restore()
    {
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(Sample.Value), new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow });
        var forks = Enumerable.Range(0, 8).Select(_ => restored.Fork()).ToArray();
        var digests = new ulong[forks.Length];
        Parallel.For(0, forks.Length, i =>
        {
            Programs.Call(forks[i].Store, "step", 25);
            digests[i] = Programs.Digest(forks[i].Store);
        });

        var (reference, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(reference, "step", 85);
        Assert.All(digests, d => Assert.Equal(Programs.Digest(reference), d));
    }

    [Fact]
    public async Task Background_post_copy_leaves_nothing_for_faults_to_fetch()
    {
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(Sample.Value), new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow });
        Assert.Equal(restored.Metrics.BytesBeforeFirstInstruction, restored.SourceMetrics.BytesFetched);
        await restored.PullRemainingAsync(batchChunks: 16, bytesPerSecond: null);
        var requests = restored.SourceMetrics.Requests;

        var fork = restored.Fork();
        Programs.Digest(fork.Store);
        Assert.True(fork.Metrics.Faults > 0);
        Assert.Equal(requests, restored.SourceMetrics.Requests);
    }
}
