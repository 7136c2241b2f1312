using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;

namespace WasmActors.Snapshot.Tests.Format;

/// <summary>Every kind of bad snapshot is refused with a <see cref="SnapshotFormatException"/> before anything runs.</summary>
public sealed class HostileSnapshotTests
{
    private static readonly Lazy<SnapshotImage> Paused = new(() =>
    {
        var (store, instance) = Programs.Instantiate(Programs.Stateful);
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("step"), [100]);
        machine.Fuel = 20;
        machine.Run();
        return SnapshotWriter.Capture(store, machine);
    });

    private static SnapshotImage Good => Paused.Value;

    [Fact]
    public void A_snapshot_from_another_engine_version_is_refused_with_both_versions_named()
    {
        var file = SnapshotFile.Write(Good);
        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotFile.Read(file, expectedEngine: "0.0.0-other"));
        Assert.Contains("0.0.0-other", e.Message);
        Assert.Contains(SnapshotVersion.Engine, e.Message);

        var remote = Assert.Throws<SnapshotFormatException>(() =>
            SnapshotRestorer.Restore(new LocalSnapshotSource(Good), new RestoreOptions { ExpectedEngine = "0.0.0-other" }));
        Assert.Contains("engine version", remote.Message);
    }

    [Fact]
    public void Another_format_version_is_refused()
    {
        var file = SnapshotFile.Write(Good);
        file[SnapshotFile.Magic.Length] = 99;
        Assert.Contains("format version 99", Assert.Throws<SnapshotFormatException>(() => SnapshotFile.Read(file)).Message);
    }

    [Fact]
    public void Truncations_and_bit_flips_are_refused()
    {
        var file = SnapshotFile.Write(Good, compress: true);
        foreach (var length in new[] { 0, 3, 8, 12, 40, file.Length / 2, file.Length - 9, file.Length - 1 })
        {
            Assert.Throws<SnapshotFormatException>(() => SnapshotFile.Read(file.AsMemory(0, length)));
        }

        var random = new Random(5);
        for (var i = 0; i < 200; i++)
        {
            var flipped = (byte[])file.Clone();
            flipped[random.Next(flipped.Length)] ^= (byte)(1 << random.Next(8));
            Assert.Throws<SnapshotFormatException>(() => SnapshotFile.Read(flipped));
        }
    }

    [Fact]
    public void A_page_number_outside_the_memory_is_refused()
    {
        var memory = Tamper.Memory(Good, 0);
        var pages = memory.ResidentPages.Append(new PageRef(5 * 16, memory.ResidentPages[0].Id)).ToArray();
        AssertRefused(Tamper.ReplaceMemory(Good, 0, memory with { ResidentPages = pages }), "outside the memory");
    }

    [Fact]
    public void A_page_list_that_strays_outside_its_span_is_refused()
    {
        // 32 wasm pages = 512 engine pages; the list for pages 0..255 names page 256, which belongs to the next list.
        var id = ChunkId.Of(new byte[4096]);
        var (record, lists) = RecordCodec.Encode(new MemoryRecord(32, null, [new PageRef(0, id)]));
        var w = new ByteWriter();
        w.Byte((byte)RecordKind.MemoryPages);
        w.Int(1);
        w.Int(RecordCodec.PageListSpan);
        w.Id(id);
        var stray = w.ToArray();
        Assert.Equal(0, RecordCodec.DecodeMemory(record, "memory", 12, _ => lists[0]).ResidentPages[0].Index);
        var e = Assert.Throws<SnapshotFormatException>(() => RecordCodec.DecodeMemory(record, "memory", 12, _ => stray));
        Assert.Contains("outside its list's span", e.Message);
    }

    [Fact]
    public void A_memory_record_naming_a_missing_page_list_is_refused()
    {
        var (record, _) = RecordCodec.Encode(Tamper.Memory(Good, 0));
        var header = RecordCodec.DecodeMemoryHeader(record, "memory", 12);
        var missing = ChunkId.Of("not a page list"u8.ToArray());
        var lists = header.Lists.Select((l, i) => i == 0 ? (l.Span, missing) : l).ToArray();
        AssertRefused(Tamper.Replace(Good, Tamper.List.Memories, 0, EncodeHeader(header with { Lists = lists })), "missing");
    }

    private static byte[] EncodeHeader(MemoryRecordHeader header)
    {
        var w = new ByteWriter();
        w.Byte((byte)RecordKind.Memory);
        w.U32(header.Pages);
        w.OptionalU32(header.Max);
        w.Int(header.Lists.Length);
        var previous = -1;
        foreach (var (span, id) in header.Lists)
        {
            w.Int(span - previous - 1);
            w.Id(id);
            previous = span;
        }

        return w.ToArray();
    }

    [Fact]
    public void An_instance_of_the_wrong_kind_is_refused()
    {
        var table = Good.GetChunk(Good.Manifest.Tables[0]);
        AssertRefused(Tamper.Replace(Good, Tamper.List.Memories, 0, table), "expected a Memory record");
    }

    [Fact]
    public void Sizes_that_disagree_are_refused()
    {
        var table = RecordCodec.DecodeTable(Good.GetChunk(Good.Manifest.Tables[0]), "table");
        AssertRefused(Tamper.Replace(Good, Tamper.List.Tables, 0, RecordCodec.Encode(table with { Size = table.Size + 1 })), "holds");

        AssertRefused(Tamper.ReplaceMemory(Good, 0, Tamper.Memory(Good, 0) with { Pages = 1 }), "disagrees with its definition");
    }

    [Fact]
    public void A_function_reference_to_nowhere_is_refused()
    {
        var table = RecordCodec.DecodeTable(Good.GetChunk(Good.Manifest.Tables[0]), "table");
        var elements = new byte[table.Size * 8];
        elements[0] = 200;
        var blobId = ChunkId.Of(elements);
        var record = RecordCodec.Encode(table with { Elements = new PagedBlob(elements.Length, [blobId]) });
        var tampered = Tamper.Replace(Good, Tamper.List.Tables, 0, record);
        var withBlob = new SnapshotImage(tampered.Manifest, new Dictionary<ChunkId, byte[]>(tampered.Chunks) { [blobId] = elements });
        AssertRefused(withBlob, "names no function");
    }

    [Fact]
    public void A_frame_pointing_outside_its_function_is_refused()
    {
        var execution = RecordCodec.DecodeExecution(Good.GetChunk(Good.Manifest.Execution!.Value), "paused call");
        var frames = execution.Frames.ToArray();
        frames[0] = frames[0] with { Pc = 1_000_000 };
        AssertRefused(Tamper.ReplaceExecution(Good, RecordCodec.Encode(execution with { Frames = frames })), "does not fit");

        frames[0] = execution.Frames[0] with { Function = 999 };
        AssertRefused(Tamper.ReplaceExecution(Good, RecordCodec.Encode(execution with { Frames = frames })), "names function 999");

        AssertRefused(Tamper.ReplaceExecution(Good, RecordCodec.Encode(execution with { Stack = execution.Stack[..^1] })), "does not fit");
    }

    [Fact]
    public void A_function_record_that_contradicts_its_module_is_refused()
    {
        var record = RecordCodec.Encode(new WasmFunctionRecord(0, 2));
        AssertRefused(Tamper.Replace(Good, Tamper.List.Functions, 0, record), "not the module's own function");
        var host = RecordCodec.Encode(new HostFunctionRecord("env", "f", new FuncType([ValType.I32], [ValType.I32])));
        AssertRefused(Tamper.Replace(Good, Tamper.List.Functions, 0, host), "not the module's own function");
    }

    [Fact]
    public void Code_that_does_not_load_is_refused()
    {
        var module = RecordCodec.DecodeModule(Good.GetChunk(Good.Manifest.Modules[0]), "module");
        var junk = "\0asm\u0001\0\0\0\u0001\u00ff"u8.ToArray();
        var codeId = ChunkId.Of(junk);
        var record = RecordCodec.Encode(module with { Code = new PagedBlob(junk.Length, [codeId]) });
        var tampered = Tamper.Replace(Good, Tamper.List.Modules, 0, record);
        AssertRefused(new SnapshotImage(tampered.Manifest, new Dictionary<ChunkId, byte[]>(tampered.Chunks) { [codeId] = junk }), "code does not load");
    }

    [Fact]
    public void A_source_that_sends_corrupted_chunks_is_caught()
    {
        var corrupt = new CorruptingSource(Good);
        var e = Assert.Throws<SnapshotFormatException>(() => SnapshotRestorer.Restore(corrupt));
        Assert.Contains("does not match its hash", e.Message);
    }

    [Fact]
    public void A_live_host_reference_cannot_be_captured()
    {
        var (store, _) = Programs.Instantiate("""(module (table (export "t") 2 externref))""");
        store.Tables[0].Elements[1] = Wasm.Runtime.RefValue.FromExtern(41);
        var e = Assert.Throws<SnapshotCaptureException>(() => SnapshotWriter.Capture(store));
        Assert.Contains("table 0 element 1", e.Message);
        Assert.Contains("externref 41", e.Message);
    }

    private static void AssertRefused(SnapshotImage hostile, string reason)
    {
        foreach (var granularity in new[] { Granularity.Mixture, Granularity.Wasm })
        {
            var e = Assert.Throws<SnapshotFormatException>(() =>
                SnapshotRestorer.Restore(new LocalSnapshotSource(hostile), new RestoreOptions { Granularity = granularity }, new ModuleCache()));
            Assert.Contains(reason, e.Message);
        }
    }

    private sealed class CorruptingSource(SnapshotImage snapshot) : ISnapshotSource
    {
        public byte[] FetchManifest() => snapshot.ManifestBytes;

        public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids) =>
            ids.Select(id =>
            {
                var chunk = (byte[])snapshot.GetChunk(id).Clone();
                chunk[^1] ^= 1;
                return chunk;
            }).ToArray();

        public byte[] FetchWhole() => throw new NotSupportedException();
    }
}
