using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// COW mode builds tables and segments pseudo-initialised: a fork starts with what its granularity says, fetches
/// an instance's unit on its first touch (once for all forks of the restore), counts the fault in its own metrics,
/// and traps with a typed error when the unit cannot be had.
/// </summary>
public sealed class LazyStoreUnitTests
{
    private const int TableSize = 600; // 4800 bytes: two pieces of 4 KiB

    private const string Wat = """
        (module
          (type $r (func (result i32)))
          (memory (export "memory") 1)
          (table $t (export "table") 600 funcref)
          (data (i32.const 0) "resident memory")
          (data $d "lazy-bytes")
          (elem (i32.const 590) $a $b)
          (elem $p func $b $a)
          (elem declare func $a)
          (func $a (result i32) (i32.const 11))
          (func $b (result i32) (i32.const 22))
          (func (export "call") (param i32) (result i32) (call_indirect (type $r) (local.get 0)))
          (func (export "size") (result i32) (table.size $t))
          (func (export "set") (param i32) (table.set $t (local.get 0) (ref.func $a)))
          (func (export "drop") (elem.drop $p) (data.drop $d))
          (func (export "tinit") (table.init $t $p (i32.const 0) (i32.const 0) (i32.const 2)))
          (func (export "minit") (memory.init $d (i32.const 100) (i32.const 0) (i32.const 10)))
          (func (export "load") (param i32) (result i32) (i32.load8_u (local.get 0))))
        """;

    private static readonly Lazy<SnapshotImage> Sample = new(() => SnapshotWriter.Capture(Programs.Instantiate(Wat).Store));

    public static TheoryData<Granularity> CowGranularities() => [Granularity.Page, Granularity.Mixture, Granularity.Instance, Granularity.Module];

    [Theory]
    [MemberData(nameof(CowGranularities))]
    public void Before_the_first_instruction_a_fork_holds_only_what_its_granularity_starts_with(Granularity granularity)
    {
        var source = new RecordingSource(new LocalSnapshotSource(Sample.Value));
        var restored = Restore(source, granularity);
        var store = restored.Store;

        // Mixture starts with whole tables and element segments; Page, Instance and Module with sizes only.
        var mixture = granularity == Granularity.Mixture;
        Assert.Equal(mixture, store.Tables[0].IsResident);
        Assert.Equal(mixture, PassiveElement(store).IsResident);
        Assert.False(PassiveData(store).IsResident);
        Assert.Equal(mixture, TablePieces().All(source.Requested.Contains));
        Assert.DoesNotContain(DataPieces().Single(), source.Requested);
        Assert.Equal(mixture ? TableSize * 8 : 0, restored.Metrics.BytesCopiedBeforeFirstInstruction);
        Assert.Equal(restored.Metrics.BytesBeforeFirstInstruction, restored.SourceMetrics.BytesFetched);

        // Sizes are known without the contents.
        var requests = source.ChunkRequests;
        Assert.Equal((ulong)TableSize, Programs.Call(store, "size")[0]);
        Assert.Equal(requests, source.ChunkRequests);
        Assert.Equal(0, restored.Metrics.StoreUnitFaults);
    }

    [Theory]
    [InlineData(Granularity.Page)]
    [InlineData(Granularity.Instance)]
    [InlineData(Granularity.Module)]
    public void Touching_a_table_fetches_exactly_its_unit_once(Granularity granularity)
    {
        var source = new RecordingSource(new LocalSnapshotSource(Sample.Value));
        var restored = Restore(source, granularity);
        var store = restored.Store;
        var requests = source.ChunkRequests;
        var before = source.Requested.ToHashSet();
        var bytes = restored.Metrics.BytesFetched;

        Assert.Equal(22UL, Programs.Call(store, "call", 591)[0]);

        // One round trip; Page and Instance bring the table alone, Module the module's whole unit.
        Assert.Equal(requests + 1, source.ChunkRequests);
        var fetched = source.Requested.Except(before).ToHashSet();
        var expected = granularity == Granularity.Module
            ? TablePieces().Concat(ElementPieces()).Concat(DataPieces()).Concat(MemoryPages()).ToHashSet()
            : TablePieces().ToHashSet();
        Assert.Equal(expected, fetched);
        Assert.True(store.Tables[0].IsResident);
        Assert.Equal(granularity == Granularity.Module, restored.Metrics.BytesFetched - bytes > TableSize * 8);
        Assert.Equal(1, restored.Metrics.StoreUnitFaults);

        // The segments stay pseudo-initialised until touched, whatever the unit brought.
        Assert.False(PassiveElement(store).IsResident);
        Assert.False(PassiveData(store).IsResident);

        // Later touches are plain table reads.
        Assert.Equal(11UL, Programs.Call(store, "call", 590)[0]);
        Assert.Equal(requests + 1, source.ChunkRequests);
        Assert.Equal(1, restored.Metrics.StoreUnitFaults);
        Assert.Empty(source.RequestedTwice);
    }

    [Fact]
    public void Segments_arrive_on_first_use_and_dropping_an_untouched_one_fetches_nothing()
    {
        var source = new RecordingSource(new LocalSnapshotSource(Sample.Value));
        var used = Restore(source, Granularity.Page).Store;
        Programs.Call(used, "tinit");
        Programs.Call(used, "minit");
        Assert.Equal(22UL, Programs.Call(used, "call", 0)[0]);
        Assert.Equal((ulong)'l', Programs.Call(used, "load", 100)[0]);
        Assert.Contains(ElementPieces().Single(), source.Requested);
        Assert.Contains(DataPieces().Single(), source.Requested);

        var fresh = new RecordingSource(new LocalSnapshotSource(Sample.Value));
        var restored = Restore(fresh, Granularity.Instance);
        var requests = fresh.ChunkRequests;
        Programs.Call(restored.Store, "drop");
        Assert.Equal(requests, fresh.ChunkRequests);
        Assert.True(PassiveElement(restored.Store).IsDropped);
        Assert.True(PassiveData(restored.Store).IsDropped);
        Assert.Equal(0, restored.Metrics.StoreUnitFaults);
        var trap = Assert.Throws<WasmTrapException>(() => Programs.Call(restored.Store, "tinit"));
        Assert.Contains(TrapMessages.OutOfBoundsTable, trap.Message);
    }

    [Fact]
    public void Forks_share_a_fetched_unit_but_each_owns_its_table()
    {
        var source = new RecordingSource(new LocalSnapshotSource(Sample.Value));
        var restored = Restore(source, Granularity.Instance);
        var first = restored.Fork();
        var second = restored.Fork();

        Assert.Equal(0, first.Metrics.BytesCopiedBeforeFirstInstruction);
        Assert.Equal(22UL, Programs.Call(first.Store, "call", 591)[0]);
        Assert.Equal(TableSize * 8, first.Metrics.BytesFetched);
        Assert.Equal(1, first.Metrics.Requests);
        var requests = source.ChunkRequests;

        Programs.Call(first.Store, "set", 591);
        Assert.Equal(11UL, Programs.Call(first.Store, "call", 591)[0]);

        // The second fork faults too, but the unit is already local: no round trip, and the first fork's write is not visible.
        Assert.Equal(22UL, Programs.Call(second.Store, "call", 591)[0]);
        Assert.Equal(requests, source.ChunkRequests);
        Assert.Equal(1, second.Metrics.StoreUnitFaults);
        Assert.Equal(0, second.Metrics.BytesFetched);
        Assert.Equal(22UL, Programs.Call(restored.Store, "call", 591)[0]);
    }

    [Theory]
    [InlineData(Granularity.Page)]
    [InlineData(Granularity.Module)]
    public void Forks_faulting_on_many_threads_at_once_fetch_each_unit_once(Granularity granularity)
    {
        var source = new RecordingSource(new LocalSnapshotSource(Sample.Value));
        var restored = Restore(source, granularity);
        var requests = source.ChunkRequests;
        var forks = Enumerable.Range(0, 8).Select(_ => restored.Fork()).ToArray();
        var results = new ulong[forks.Length];
        using var start = new Barrier(forks.Length);
        var failures = new Exception?[forks.Length];
        var threads = Enumerable.Range(0, forks.Length).Select(i => new Thread(() =>
        {
            try
            {
                start.SignalAndWait();
                Programs.Call(forks[i].Store, "tinit");
                Programs.Call(forks[i].Store, "minit");
                results[i] = (Programs.Call(forks[i].Store, "call", 0)[0] << 8) | Programs.Call(forks[i].Store, "load", 100)[0];
            }
            catch (Exception e)
            {
                failures[i] = e; // reported below: an exception escaping a thread would end the test process
            }
        })).ToArray();
        Array.ForEach(threads, t => t.Start());
        Array.ForEach(threads, t => t.Join());
        Assert.All(failures, Assert.Null);

        Assert.All(results, r => Assert.Equal((22UL << 8) | 'l', r));
        Assert.Empty(source.RequestedTwice);
        Assert.True(source.ChunkRequests - requests <= (granularity == Granularity.Module ? 1 : 4), $"{source.ChunkRequests - requests} round trips");
        Assert.All(forks, f => Assert.Equal(3, f.Metrics.StoreUnitFaults));
    }

    [Fact]
    public async Task Background_post_copy_brings_tables_and_segments_too()
    {
        var source = new RecordingSource(new LocalSnapshotSource(Sample.Value));
        var restored = Restore(source, Granularity.Page);
        await restored.PullRemainingAsync(batchChunks: 2, bytesPerSecond: null);
        Assert.True(TablePieces().Concat(ElementPieces()).Concat(DataPieces()).All(source.Requested.Contains));
        var requests = source.ChunkRequests;

        var fork = restored.Fork();
        Programs.Call(fork.Store, "tinit");
        Programs.Call(fork.Store, "minit");
        Assert.Equal(22UL, Programs.Call(fork.Store, "call", 591)[0]);
        Assert.Equal(3, fork.Metrics.StoreUnitFaults);
        Assert.Equal(requests, source.ChunkRequests);
    }

    [Fact]
    public void No_cow_builds_every_table_and_segment_before_the_first_instruction()
    {
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(Sample.Value), new RestoreOptions { Granularity = Granularity.Instance, Mode = CopyMode.NoCow });
        Assert.True(restored.Store.Tables[0].IsResident);
        Assert.True(PassiveElement(restored.Store).IsResident);
        Assert.True(PassiveData(restored.Store).IsResident);
        Assert.Equal(22UL, Programs.Call(restored.Store, "call", 591)[0]);
        Assert.Equal(0, restored.Metrics.StoreUnitFaults);
    }

    [Theory]
    [InlineData(Granularity.Page)]
    [InlineData(Granularity.Module)]
    public void A_source_failing_mid_run_traps_every_kind_of_touch_with_a_typed_error_and_a_later_touch_succeeds(Granularity granularity)
    {
        Func<Exception>[] failures = [() => new WasmTrapException("snapshot source unavailable: link down"), () => new IOException("connection reset")];
        foreach (var failure in failures)
        {
            var source = new RecordingSource(new LocalSnapshotSource(Sample.Value));
            var store = Restore(source, granularity).Store;
            source.Failure = failure;

            var call = Assert.Throws<WasmTrapException>(() => Programs.Call(store, "call", 591));
            Assert.Contains("unavailable", call.Message);
            Assert.False(store.Tables[0].IsResident);
            var init = Assert.Throws<WasmTrapException>(() => Programs.Call(store, "minit"));
            Assert.Contains("unavailable", init.Message);
            var load = Assert.Throws<WasmTrapException>(() => Programs.Call(store, "load", 0));
            Assert.Contains("unavailable", load.Message);

            source.Failure = null;
            Assert.Equal(22UL, Programs.Call(store, "call", 591)[0]);
            Programs.Call(store, "minit");
            Assert.Equal((ulong)'l', Programs.Call(store, "load", 100)[0]);
        }
    }

    [Fact]
    public void A_corrupted_unit_traps_the_touch_that_needed_it()
    {
        var source = new RecordingSource(new LocalSnapshotSource(Sample.Value)) { Corrupt = TablePieces()[0] };
        var store = Restore(source, Granularity.Instance).Store;
        var trap = Assert.Throws<WasmTrapException>(() => Programs.Call(store, "call", 591));
        Assert.Contains("snapshot table 0 is unavailable", trap.Message);
        Assert.Contains("does not match its hash", trap.Message);
    }

    [Fact]
    public void A_table_naming_no_function_is_caught_when_it_arrives()
    {
        var record = RecordCodec.DecodeTable(Sample.Value.GetChunk(Sample.Value.Manifest.Tables[0]), "table");
        var elements = new byte[record.Size * 8];
        elements[0] = 200;
        var pieces = elements.Chunk(4096).Select(piece => ChunkId.Of(piece)).ToArray();
        var tampered = Tamper.Replace(Sample.Value, Tamper.List.Tables, 0, RecordCodec.Encode(record with { Elements = new PagedBlob(elements.Length, pieces) }));
        var chunks = new Dictionary<ChunkId, byte[]>(tampered.Chunks);
        foreach (var piece in elements.Chunk(4096))
        {
            chunks[ChunkId.Of(piece)] = piece;
        }

        var hostile = new SnapshotImage(tampered.Manifest, chunks);
        var store = Restore(new LocalSnapshotSource(hostile), Granularity.Instance).Store;
        var trap = Assert.Throws<WasmTrapException>(() => Programs.Call(store, "call", 591));
        Assert.Contains("names no function", trap.Message);

        // At Mixture the table is part of what a fork starts with: refused before anything runs.
        Assert.Throws<SnapshotFormatException>(() => Restore(new LocalSnapshotSource(hostile), Granularity.Mixture));
    }

    [Fact]
    public void Capturing_a_fork_with_untouched_tables_and_segments_keeps_their_contents()
    {
        var restored = Restore(new LocalSnapshotSource(Sample.Value), Granularity.Instance);
        var again = SnapshotRestorer.Restore(
            new LocalSnapshotSource(SnapshotWriter.Capture(restored.Store)),
            new RestoreOptions { Granularity = Granularity.Page, Mode = CopyMode.Cow });
        Assert.Equal(22UL, Programs.Call(again.Store, "call", 591)[0]);
        Programs.Call(again.Store, "tinit");
        Programs.Call(again.Store, "minit");
        Assert.Equal(11UL, Programs.Call(again.Store, "call", 1)[0]);
        Assert.Equal((ulong)'l', Programs.Call(again.Store, "load", 100)[0]);
    }

    private static RestoredInstance Restore(ISnapshotSource source, Granularity granularity) =>
        SnapshotRestorer.Restore(source, new RestoreOptions { Granularity = granularity, Mode = CopyMode.Cow, PrefetchWorkingSet = false });

    /// <summary>Segment $p (the active and declarative ones are dropped by instantiation).</summary>
    private static ElementInstance PassiveElement(Store store) => store.Modules[0].Elements[1];

    /// <summary>Segment $d (the active one is dropped by instantiation).</summary>
    private static DataInstance PassiveData(Store store) => store.Modules[0].Datas[1];

    private static ChunkId[] TablePieces() => RecordCodec.DecodeTable(Sample.Value.GetChunk(Sample.Value.Manifest.Tables[0]), "table").Elements.Pages;

    private static ChunkId[] ElementPieces() =>
        Sample.Value.Manifest.Elements.Select(id => RecordCodec.DecodeElement(Sample.Value.GetChunk(id), "element")).SelectMany(e => e.Items.Pages).ToArray();

    private static ChunkId[] DataPieces() =>
        Sample.Value.Manifest.Datas.Select(id => RecordCodec.DecodeData(Sample.Value.GetChunk(id), "data")).SelectMany(d => d.Bytes.Pages).ToArray();

    private static ChunkId[] MemoryPages() =>
        Tamper.Memory(Sample.Value, 0).ResidentPages.Select(p => p.Id).ToArray();

    /// <summary>A source that records what is asked of it, and can fail or corrupt a chunk on demand.</summary>
    private sealed class RecordingSource(ISnapshotSource inner) : ISnapshotSource
    {
        public HashSet<ChunkId> Requested { get; } = [];

        public List<ChunkId> RequestedTwice { get; } = [];

        public int ChunkRequests { get; private set; }

        public Func<Exception>? Failure { get; set; }

        public ChunkId? Corrupt { get; init; }

        public byte[] FetchManifest() => inner.FetchManifest();

        public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids)
        {
            if (Failure is { } failure)
            {
                throw failure();
            }

            ChunkRequests++;
            RequestedTwice.AddRange(ids.Where(id => !Requested.Add(id)));
            return inner.FetchChunks(ids).Select((chunk, i) => ids[i] == Corrupt ? chunk.Select(b => (byte)~b).ToArray() : chunk).ToArray();
        }

        public byte[] FetchWhole() => inner.FetchWhole();
    }
}
