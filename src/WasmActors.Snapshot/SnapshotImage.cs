using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot;

/// <summary>
/// An immutable image of one instance tree: a manifest (Conf and the store's sizes) and a set of
/// content-addressed chunks (instance records, pages, code). Chunks are held uncompressed and verified.
/// A snapshot may have a parent (lineage): it then holds only the chunks its parent lacks, so checkpoints and fork
/// trees cost only their changes. Write it with <see cref="SnapshotFile.Write"/>, read it back with
/// <see cref="SnapshotFile.Read"/>, restore it with <see cref="Restore.SnapshotRestorer"/>.
/// </summary>
internal sealed class SnapshotImage
{
    public SnapshotImage(SnapshotManifest manifest, IReadOnlyDictionary<ChunkId, byte[]> chunks, SnapshotImage? parent = null)
    {
        Manifest = manifest;
        Chunks = chunks;
        Parent = parent;
        ManifestBytes = RecordCodec.Encode(manifest);
    }

    public SnapshotManifest Manifest { get; }

    /// <summary>The manifest as it is stored and sent.</summary>
    public byte[] ManifestBytes { get; }

    /// <summary>The chunks this snapshot holds itself (with a parent: only those the parent lacks).</summary>
    public IReadOnlyDictionary<ChunkId, byte[]> Chunks { get; }

    /// <summary>The snapshot this one was taken from and shares chunks with, if any.</summary>
    public SnapshotImage? Parent { get; }

    /// <summary>Total bytes of the chunks this snapshot holds itself (what it adds to its lineage).</summary>
    public long ChunkBytes => Chunks.Values.Sum(c => (long)c.Length);

    public bool TryGetChunk(ChunkId id, out byte[] chunk)
    {
        for (var s = this; s is not null; s = s.Parent)
        {
            if (s.Chunks.TryGetValue(id, out chunk!))
            {
                return true;
            }
        }

        chunk = [];
        return false;
    }

    public bool Contains(ChunkId id) => TryGetChunk(id, out _);

    public byte[] GetChunk(ChunkId id) =>
        TryGetChunk(id, out var chunk) ? chunk : throw new SnapshotFormatException($"chunk {id} is missing from the snapshot");

    /// <summary>The same state with a working set: pages a run touched, which later forks fetch first.</summary>
    public SnapshotImage WithWorkingSet(IEnumerable<WorkingSetPage> pages) =>
        new(Manifest with { WorkingSet = pages.Distinct().ToArray() }, Chunks, Parent);

    /// <summary>The same state holding every chunk it refers to itself, without a parent (flattens a lineage).</summary>
    public SnapshotImage Flatten() =>
        Parent is null ? this : new SnapshotImage(Manifest, SnapshotReferences.Of(this).ToDictionary(id => id, GetChunk));
}
