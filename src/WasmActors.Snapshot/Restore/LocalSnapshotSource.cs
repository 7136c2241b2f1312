using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot.Restore;

/// <summary>The memory node's side in one process: serves a snapshot's pieces straight from memory.</summary>
internal sealed class LocalSnapshotSource : ISnapshotSource
{
    private readonly SnapshotImage _snapshot;
    private readonly Lazy<byte[]> _file;

    public LocalSnapshotSource(SnapshotImage snapshot, bool compressWhole = false)
    {
        _snapshot = snapshot;
        _file = new Lazy<byte[]>(() => SnapshotFile.Write(snapshot, compressWhole));
    }

    /// <summary>Requests served so far (round trips).</summary>
    public int Requests { get; private set; }

    public byte[] FetchManifest()
    {
        Requests++;
        return _snapshot.ManifestBytes;
    }

    public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids)
    {
        Requests++;
        var chunks = new byte[ids.Count][];
        for (var i = 0; i < chunks.Length; i++)
        {
            chunks[i] = _snapshot.GetChunk(ids[i]);
        }

        return chunks;
    }

    public byte[] FetchWhole()
    {
        Requests++;
        return _file.Value;
    }
}
