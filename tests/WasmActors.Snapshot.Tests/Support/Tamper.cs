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
    public static Snapshot Replace(Snapshot snapshot, List list, int index, byte[] record)
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
        return new Snapshot(manifest, WithChunk(snapshot, record));
    }

    /// <summary>The snapshot with its paused call replaced by <paramref name="record"/>.</summary>
    public static Snapshot ReplaceExecution(Snapshot snapshot, byte[] record) =>
        new(snapshot.Manifest with { Execution = ChunkId.Of(record) }, WithChunk(snapshot, record));

    public static Dictionary<ChunkId, byte[]> WithChunk(Snapshot snapshot, byte[] chunk)
    {
        var chunks = new Dictionary<ChunkId, byte[]>(snapshot.Chunks) { [ChunkId.Of(chunk)] = chunk };
        return chunks;
    }

    /// <summary>A source that serves <paramref name="manifest"/> as the manifest and everything else from the snapshot.</summary>
    public sealed class ManifestSource(Snapshot snapshot, byte[] manifest) : WasmActors.Snapshot.Restore.ISnapshotSource
    {
        public byte[] FetchManifest() => manifest;

        public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids) => ids.Select(snapshot.GetChunk).ToArray();

        public byte[] FetchWhole() => SnapshotFile.Write(snapshot);
    }
}
