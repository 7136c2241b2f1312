using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// At Page granularity an element segment is a paged object: table.init fetches (and checks) only the pieces its
/// range spans; at Instance granularity the first touch brings the whole segment.
/// </summary>
public sealed class PagedElementSegmentTests
{
    // 1200 references in pieces of 512 ($a), 512 ($b) and 176 ($a).
    private static readonly string Wat = $$"""
        (module
          (type $r (func (result i32)))
          (table $t 8 funcref)
          (elem $p func {{Refs("$a", 512)}} {{Refs("$b", 512)}} {{Refs("$a", 176)}})
          (func $a (result i32) (i32.const 1))
          (func $b (result i32) (i32.const 2))
          (func (export "init") (param i32 i32) (table.init $t $p (local.get 0) (local.get 1) (i32.const 2)))
          (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0))))
        """;

    private static string Refs(string function, int count) => string.Join(' ', Enumerable.Repeat(function, count));

    private static readonly Lazy<SnapshotImage> Sample = new(() => SnapshotWriter.Capture(Programs.Instantiate(Wat).Store));

    [Fact]
    public void Table_init_fetches_only_the_pieces_its_range_spans()
    {
        var source = new PieceSource(new LocalSnapshotSource(Sample.Value));
        var restored = Restore(source, Granularity.Page);
        var pieces = Pieces();
        Assert.Equal(3, pieces.Length);

        Programs.Call(restored.Store, "init", 0, 1100);
        Assert.Equal([pieces[2]], source.LastRequest);
        Assert.Equal(1UL, Programs.Call(restored.Store, "call", 1)[0]);

        // Across the boundary of the first two pieces: both are missing, one round trip brings them.
        Programs.Call(restored.Store, "init", 2, 511);
        Assert.Equal([pieces[0], pieces[1]], source.LastRequest);
        Assert.Equal(1UL, Programs.Call(restored.Store, "call", 2)[0]);
        Assert.Equal(2UL, Programs.Call(restored.Store, "call", 3)[0]);
        Assert.False(restored.Store.Elements[0].IsResident);

        var trap = Assert.Throws<WasmTrapException>(() => Programs.Call(restored.Store, "init", 0, 1199));
        Assert.Contains(TrapMessages.OutOfBoundsTable, trap.Message);
    }

    [Fact]
    public void At_instance_granularity_the_first_touch_brings_the_whole_segment()
    {
        var source = new PieceSource(new LocalSnapshotSource(Sample.Value));
        var restored = Restore(source, Granularity.Instance);
        Programs.Call(restored.Store, "init", 0, 1100);
        Assert.Equal(Pieces().ToHashSet(), source.LastRequest.ToHashSet());
        Assert.Equal(1UL, Programs.Call(restored.Store, "call", 0)[0]);
    }

    private static RestoredInstance Restore(ISnapshotSource source, Granularity granularity) =>
        SnapshotRestorer.Restore(source, new RestoreOptions { Granularity = granularity, Mode = CopyMode.Cow, PrefetchWorkingSet = false });

    private static ChunkId[] Pieces() =>
        RecordCodec.DecodeElement(Sample.Value.GetChunk(Sample.Value.Manifest.Elements[0]), "element").Items.Pages;

    private sealed class PieceSource(ISnapshotSource inner) : ISnapshotSource
    {
        public ChunkId[] LastRequest { get; private set; } = [];

        public byte[] FetchManifest() => inner.FetchManifest();

        public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids)
        {
            LastRequest = ids.ToArray();
            return inner.FetchChunks(ids);
        }

        public byte[] FetchWhole() => inner.FetchWhole();
    }
}
