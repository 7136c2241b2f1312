using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// At Page and Mixture granularity a data segment is a paged object: memory.init fetches only the pieces its range
/// spans. At Instance granularity the first touch brings the whole segment.
/// </summary>
public sealed class PagedDataSegmentTests
{
    // Three pieces of 4 KiB pages: all 'a', all 'b', then 1808 bytes of 'c'.
    private static readonly string Wat = $$"""
        (module
          (memory (export "memory") 1)
          (data $d "{{new string('a', 4096)}}{{new string('b', 4096)}}{{new string('c', 1808)}}")
          (func (export "init") (param i32 i32 i32) (memory.init $d (local.get 0) (local.get 1) (local.get 2)))
          (func (export "drop") (data.drop $d))
          (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
        """;

    private static readonly Lazy<SnapshotImage> Sample = new(() => SnapshotWriter.Capture(Programs.Instantiate(Wat).Store));

    [Theory]
    [InlineData(Granularity.Page)]
    [InlineData(Granularity.Mixture)]
    public void Memory_init_fetches_only_the_pieces_its_range_spans(Granularity granularity)
    {
        var source = new CountingSource(new LocalSnapshotSource(Sample.Value));
        var restored = Restore(source, granularity);
        var store = restored.Store;
        var pieces = Pieces();

        Programs.Call(store, "init", 0, 5000, 10);
        Assert.Equal([pieces[1]], source.LastRequest);
        Assert.Equal((ulong)'b', Programs.Call(store, "load", 9)[0]);

        // Across a piece boundary: only the missing piece is asked for.
        Programs.Call(store, "init", 100, 4090, 12);
        Assert.Equal([pieces[0]], source.LastRequest);
        Assert.Equal("aaaaaabbbbbb", Text(store, 100, 12));
        Assert.Equal(2, restored.Metrics.StoreUnitFaults);
        Assert.False(store.Datas[0].IsResident);

        // Ranges already local cost nothing.
        var requests = source.ChunkRequests;
        Programs.Call(store, "init", 200, 10, 4100);
        Assert.Equal(requests, source.ChunkRequests);
        Assert.DoesNotContain(pieces[2], source.Requested);
    }

    [Fact]
    public void At_instance_granularity_the_first_touch_brings_the_whole_segment()
    {
        var source = new CountingSource(new LocalSnapshotSource(Sample.Value));
        var store = Restore(source, Granularity.Instance).Store;
        Programs.Call(store, "init", 0, 5000, 10);
        Assert.Equal(Pieces().ToHashSet(), source.LastRequest.ToHashSet());
        Assert.Equal((ulong)'b', Programs.Call(store, "load", 0)[0]);
    }

    [Theory]
    [InlineData(Granularity.Page)]
    [InlineData(Granularity.Instance)]
    public void Bounds_are_checked_against_the_known_length_without_fetching(Granularity granularity)
    {
        var source = new CountingSource(new LocalSnapshotSource(Sample.Value));
        var store = Restore(source, granularity).Store;
        var requests = source.ChunkRequests;

        var trap = Assert.Throws<WasmTrapException>(() => Programs.Call(store, "init", 0, 9990, 11));
        Assert.Contains(TrapMessages.OutOfBoundsMemory, trap.Message);
        Programs.Call(store, "init", 0, 10000, 0);
        Assert.Equal(requests, source.ChunkRequests);

        Programs.Call(store, "drop");
        Assert.Equal(requests, source.ChunkRequests);
        Assert.Throws<WasmTrapException>(() => Programs.Call(store, "init", 0, 0, 1));
    }

    [Fact]
    public void A_partly_fetched_segment_is_captured_whole()
    {
        var restored = Restore(new LocalSnapshotSource(Sample.Value), Granularity.Page);
        Programs.Call(restored.Store, "init", 0, 5000, 10);
        var again = Restore(new LocalSnapshotSource(SnapshotWriter.Capture(restored.Store)), Granularity.Page);
        Programs.Call(again.Store, "init", 0, 9990, 10);
        Assert.Equal("cccccccccc", Text(again.Store, 0, 10));
        Programs.Call(again.Store, "init", 0, 4000, 200);
        Assert.Equal(new string('a', 96) + new string('b', 104), Text(again.Store, 0, 200));
    }

    [Fact]
    public void A_piece_that_cannot_be_had_traps_and_a_later_read_retries_it()
    {
        var source = new CountingSource(new LocalSnapshotSource(Sample.Value));
        var store = Restore(source, Granularity.Page).Store;
        source.Failing = true;
        var trap = Assert.Throws<WasmTrapException>(() => Programs.Call(store, "init", 0, 5000, 10));
        Assert.Contains("snapshot data segment 0 pieces 1..1 is unavailable", trap.Message);
        source.Failing = false;
        Programs.Call(store, "init", 0, 5000, 10);
        Assert.Equal((ulong)'b', Programs.Call(store, "load", 0)[0]);
    }

    private static RestoredInstance Restore(ISnapshotSource source, Granularity granularity) =>
        SnapshotRestorer.Restore(source, new RestoreOptions { Granularity = granularity, Mode = CopyMode.Cow, PrefetchWorkingSet = false });

    private static ChunkId[] Pieces() =>
        RecordCodec.DecodeData(Sample.Value.GetChunk(Sample.Value.Manifest.Datas[0]), "data").Bytes.Pages;

    private static string Text(WasmActors.Wasm.Runtime.Store store, int address, int count) =>
        string.Concat(Enumerable.Range(address, count).Select(a => (char)Programs.Call(store, "load", (ulong)a)[0]));

    private sealed class CountingSource(ISnapshotSource inner) : ISnapshotSource
    {
        public HashSet<ChunkId> Requested { get; } = [];

        public ChunkId[] LastRequest { get; private set; } = [];

        public int ChunkRequests { get; private set; }

        public bool Failing { get; set; }

        public byte[] FetchManifest() => inner.FetchManifest();

        public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids)
        {
            if (Failing)
            {
                throw new IOException("connection reset");
            }

            ChunkRequests++;
            LastRequest = ids.ToArray();
            Requested.UnionWith(ids);
            return inner.FetchChunks(ids);
        }

        public byte[] FetchWhole() => inner.FetchWhole();
    }
}
