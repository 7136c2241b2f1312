using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// Contents of lazily fetched tables and segments are checked on arrival, not before the first instruction. Random
/// mutations of them (fixed seed) — served corrupted, or re-sealed so that every hash agrees — must end a COW fork's
/// run in completion or a typed trap, never another exception.
/// </summary>
public sealed class LazyPayloadFuzzTests
{
    private static readonly Lazy<SnapshotImage> Paused = new(() =>
    {
        // Paused before step 5, so the passive segments are still live and the run will read them.
        var (store, instance) = Programs.Instantiate(Programs.Stateful);
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("step"), [40]);
        machine.Fuel = 3;
        machine.Run();
        return SnapshotWriter.Capture(store, machine);
    });

    [Fact]
    public void Mutated_lazy_contents_end_in_completion_or_a_typed_trap()
    {
        var random = new Random(2024);
        var snapshot = Paused.Value;
        var cache = new ModuleCache();
        int trapped = 0, completed = 0;
        for (var i = 0; i < 300; i++)
        {
            var granularity = new[] { Granularity.Page, Granularity.Instance, Granularity.Module }[i % 3];
            var list = new[] { Tamper.List.Tables, Tamper.List.Elements, Tamper.List.Datas }[random.Next(3)];
            var source = i % 2 == 0 ? Resealed(snapshot, list, random) : Corrupted(snapshot, list, random);

            var restored = SnapshotRestorer.Restore(source, new RestoreOptions { Granularity = granularity, Mode = CopyMode.Cow }, cache);
            try
            {
                var machine = restored.Machine!;
                machine.Fuel = 100_000;
                machine.Run();
                Programs.Digest(restored.Store);
                completed++;
            }
            catch (WasmTrapException)
            {
                trapped++;
            }
        }

        // Corrupted chunks always trap when touched; re-sealed contents that still name functions run to the end.
        Assert.True(trapped > 100, $"{trapped} trapped, {completed} completed");
        Assert.True(completed > 10, $"{trapped} trapped, {completed} completed");
    }

    /// <summary>The contents of a live table or segment changed, its record pointing at the new pieces.</summary>
    private static ISnapshotSource Resealed(SnapshotImage snapshot, Tamper.List list, Random random)
    {
        var ids = Tamper.Get(snapshot.Manifest, list);
        var index = LiveIndex(snapshot, list, ids);
        var chunk = snapshot.GetChunk(ids[index]);
        var (blob, rebuild) = list switch
        {
            Tamper.List.Tables => (RecordCodec.DecodeTable(chunk, "table").Elements, (Func<PagedBlob, byte[]>)(b => RecordCodec.Encode(RecordCodec.DecodeTable(chunk, "table") with { Elements = b }))),
            Tamper.List.Elements => (RecordCodec.DecodeElement(chunk, "element").Items, b => RecordCodec.Encode(RecordCodec.DecodeElement(chunk, "element") with { Items = b })),
            _ => (RecordCodec.DecodeData(chunk, "data").Bytes, b => RecordCodec.Encode(RecordCodec.DecodeData(chunk, "data") with { Bytes = b })),
        };

        var bytes = blob.Pages.SelectMany(snapshot.GetChunk).ToArray();
        if (list == Tamper.List.Datas || random.Next(2) == 0)
        {
            bytes[random.Next(bytes.Length)] ^= (byte)(1 << random.Next(8));
        }
        else
        {
            // A reference: to a real function, to none, or null.
            var at = random.Next(bytes.Length / 8) * 8;
            BitConverter.TryWriteBytes(bytes.AsSpan(at), (ulong)random.Next(0, 40));
        }

        var pieces = bytes.Chunk(4096).ToArray();
        var tampered = Tamper.Replace(snapshot, list, index, rebuild(new PagedBlob(bytes.Length, pieces.Select(p => ChunkId.Of(p)).ToArray())));
        var chunks = new Dictionary<ChunkId, byte[]>(tampered.Chunks);
        foreach (var piece in pieces)
        {
            chunks[ChunkId.Of(piece)] = piece;
        }

        return new LocalSnapshotSource(new SnapshotImage(tampered.Manifest, chunks));
    }

    /// <summary>The snapshot as it is, but the source sends one of a live table's or segment's pieces damaged.</summary>
    private static ISnapshotSource Corrupted(SnapshotImage snapshot, Tamper.List list, Random random)
    {
        var ids = Tamper.Get(snapshot.Manifest, list);
        var chunk = snapshot.GetChunk(ids[LiveIndex(snapshot, list, ids)]);
        var pieces = list switch
        {
            Tamper.List.Tables => RecordCodec.DecodeTable(chunk, "table").Elements.Pages,
            Tamper.List.Elements => RecordCodec.DecodeElement(chunk, "element").Items.Pages,
            _ => RecordCodec.DecodeData(chunk, "data").Bytes.Pages,
        };
        return new DamagingSource(snapshot, pieces[random.Next(pieces.Length)], random.Next());
    }

    /// <summary>The index in <paramref name="ids"/> of an instance that has contents (a dropped segment has none).</summary>
    private static int LiveIndex(SnapshotImage snapshot, Tamper.List list, ChunkId[] ids) => list switch
    {
        Tamper.List.Tables => 0,
        Tamper.List.Elements => Array.FindIndex(ids, id => RecordCodec.DecodeElement(snapshot.GetChunk(id), "element").Count > 0),
        _ => Array.FindIndex(ids, id => RecordCodec.DecodeData(snapshot.GetChunk(id), "data").Bytes.Length > 0),
    };

    private sealed class DamagingSource(SnapshotImage snapshot, ChunkId damaged, int seed) : ISnapshotSource
    {
        private readonly LocalSnapshotSource _inner = new(snapshot);

        public byte[] FetchManifest() => _inner.FetchManifest();

        public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids) =>
            _inner.FetchChunks(ids).Select((chunk, i) => ids[i] == damaged ? Damage(chunk) : chunk).ToArray();

        public byte[] FetchWhole() => _inner.FetchWhole();

        private byte[] Damage(byte[] chunk)
        {
            var random = new Random(seed);
            var flipped = random.Next(chunk.Length);
            return random.Next(3) switch
            {
                0 => chunk[..^1],
                1 => [.. chunk, 0],
                _ => chunk.Select((b, i) => i == flipped ? (byte)~b : b).ToArray(),
            };
        }
    }
}
