using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot.Tests.Support;

/// <summary>Builds consistent-looking but hostile snapshots: a record replaced and every hash along the way fixed up.</summary>
internal static class Tamper
{
    public enum List
    {
        Modules,
        Functions,
        Tables,
        Memories,
        Globals,
        Elements,
        Datas,
    }

    public static ChunkId[] Get(SnapshotManifest m, List list) => list switch
    {
        List.Modules => m.Modules,
        List.Functions => m.Functions,
        List.Tables => m.Tables,
        List.Memories => m.Memories,
        List.Globals => m.Globals,
        List.Elements => m.Elements,
        _ => m.Datas,
    };

    /// <summary>The snapshot with record <paramref name="index"/> of <paramref name="list"/> replaced by <paramref name="record"/>.</summary>
    public static SnapshotImage Replace(SnapshotImage snapshot, List list, int index, byte[] record)
    {
        var ids = (ChunkId[])Get(snapshot.Manifest, list).Clone();
        ids[index] = ChunkId.Of(record);
        var m = snapshot.Manifest;
        var manifest = list switch
        {
            List.Modules => m with { Modules = ids },
            List.Functions => m with { Functions = ids },
            List.Tables => m with { Tables = ids },
            List.Memories => m with { Memories = ids },
            List.Globals => m with { Globals = ids },
            List.Elements => m with { Elements = ids },
            _ => m with { Datas = ids },
        };
        return new SnapshotImage(manifest, WithChunk(snapshot, record));
    }

    /// <summary>Memory <paramref name="index"/>'s record with its page lists.</summary>
    public static MemoryRecord Memory(SnapshotImage snapshot, int index) =>
        RecordCodec.DecodeMemory(snapshot.GetChunk(snapshot.Manifest.Memories[index]), "memory", snapshot.Manifest.Conf.Engine.PageShift, id => snapshot.GetChunk(id));

    /// <summary>The snapshot with memory <paramref name="index"/>'s record (and its page lists) replaced by <paramref name="memory"/>.</summary>
    public static SnapshotImage ReplaceMemory(SnapshotImage snapshot, int index, MemoryRecord memory)
    {
        var (record, lists) = RecordCodec.Encode(memory);
        var replaced = Replace(snapshot, List.Memories, index, record);
        return new SnapshotImage(replaced.Manifest, lists.Aggregate(new Dictionary<ChunkId, byte[]>(replaced.Chunks), (chunks, list) =>
        {
            chunks[ChunkId.Of(list)] = list;
            return chunks;
        }));
    }

    /// <summary>The snapshot with its paused call replaced by <paramref name="record"/>.</summary>
    public static SnapshotImage ReplaceExecution(SnapshotImage snapshot, byte[] record) =>
        new(snapshot.Manifest with { Execution = ChunkId.Of(record) }, WithChunk(snapshot, record));

    public static Dictionary<ChunkId, byte[]> WithChunk(SnapshotImage snapshot, byte[] chunk)
    {
        var chunks = new Dictionary<ChunkId, byte[]>(snapshot.Chunks) { [ChunkId.Of(chunk)] = chunk };
        return chunks;
    }

    /// <summary>A source that serves <paramref name="manifest"/> as the manifest and everything else from the snapshot.</summary>
    public sealed class ManifestSource(SnapshotImage snapshot, byte[] manifest) : WasmActors.Snapshot.Restore.ISnapshotSource
    {
        public byte[] FetchManifest() => manifest;

        public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids) => ids.Select(snapshot.GetChunk).ToArray();

        public byte[] FetchWhole() => SnapshotFile.Write(snapshot);
    }
}
