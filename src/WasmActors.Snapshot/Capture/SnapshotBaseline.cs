using WasmActors.Snapshot.Format;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Capture;

/// <summary>
/// What a later capture of the same store may refer to instead of sending again: the last snapshot stored where the
/// next one goes (its manifest, the ids of its records and of every memory page). It keeps no chunk bodies, so a
/// run node can hold one per instance for free. A capture with a baseline is a lineage delta whose parent is
/// <see cref="Parent"/>: write it with <c>SnapshotFile.Write(snapshot, delta: true)</c>; the reader needs the
/// full parent (the memory node holds it).
/// </summary>
internal sealed class SnapshotBaseline
{
    private static readonly IReadOnlyDictionary<ChunkId, byte[]> NoChunks = new Dictionary<ChunkId, byte[]>();

    internal SnapshotBaseline(
        SnapshotImage snapshot,
        Store store,
        long generation,
        ChunkId?[][] pages,
        ChunkId?[][] pageLists,
        HashSet<ChunkId> records,
        Dictionary<object, PagedBlob> blobs)
    {
        Parent = new SnapshotImage(snapshot.Manifest, NoChunks);
        Store = store;
        Generation = generation;
        Pages = pages;
        PageLists = pageLists;
        Records = records;
        Blobs = blobs;
    }

    /// <summary>The baseline snapshot's manifest, without chunks: what a delta names as its parent.</summary>
    public SnapshotImage Parent { get; }

    /// <summary>The id of the baseline's manifest (how a delta file names its parent).</summary>
    public ChunkId ParentId => ChunkId.Of(Parent.ManifestBytes);

    internal Store Store { get; }

    internal long Generation { get; }

    /// <summary>Per memory, the id of every engine page at the baseline (null: a zero page).</summary>
    internal ChunkId?[][] Pages { get; }

    /// <summary>Per memory, the id of each span's page list at the baseline (null: a span of zero pages).</summary>
    internal ChunkId?[][] PageLists { get; }

    /// <summary>Ids of every record and every non-page piece (code, table and segment contents) of the baseline.</summary>
    internal HashSet<ChunkId> Records { get; }

    /// <summary>Immutable arrays (module code, segment contents) already cut into pieces, by reference.</summary>
    internal Dictionary<object, PagedBlob> Blobs { get; }
}
