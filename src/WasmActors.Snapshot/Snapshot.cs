using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot;

/// <summary>
/// An immutable image of one instance tree: a manifest (Conf and the store's sizes) and a set of
/// content-addressed chunks (instance records, pages, code). Chunks are held uncompressed and verified.
/// Write it with <see cref="SnapshotFile.Write"/>, read it back with <see cref="SnapshotFile.Read"/>, restore it
/// with <see cref="Restore.SnapshotRestorer"/>.
/// </summary>
public sealed class Snapshot
{
    public Snapshot(SnapshotManifest manifest, IReadOnlyDictionary<ChunkId, byte[]> chunks)
    {
        Manifest = manifest;
        Chunks = chunks;
        ManifestBytes = RecordCodec.Encode(manifest);
    }

    public SnapshotManifest Manifest { get; }

    /// <summary>The manifest as it is stored and sent.</summary>
    public byte[] ManifestBytes { get; }

    public IReadOnlyDictionary<ChunkId, byte[]> Chunks { get; }

    /// <summary>Total bytes of all distinct chunks (what a full copy moves, before compression).</summary>
    public long ChunkBytes => Chunks.Values.Sum(c => (long)c.Length);

    public byte[] GetChunk(ChunkId id) =>
        Chunks.TryGetValue(id, out var chunk) ? chunk : throw new SnapshotFormatException($"chunk {id} is missing from the snapshot");

    /// <summary>The same state with a working set: pages a run touched, which later forks fetch first.</summary>
    public Snapshot WithWorkingSet(IEnumerable<WorkingSetPage> pages) =>
        new(Manifest with { WorkingSet = pages.Distinct().ToArray() }, Chunks);
}
