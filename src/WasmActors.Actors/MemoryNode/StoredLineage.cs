using System.Collections.Concurrent;
using WasmActors.Snapshot.Format;

namespace WasmActors.Actors.MemoryNode;

/// <summary>
/// The snapshots this memory node holds, by manifest id: how an uploaded delta finds its parent (a delta file names
/// its parent by that id). Shared by the registry and its snapshot actors on one node; a snapshot is added once it
/// is stored and removed when its actor stops, after which deltas naming it are refused.
/// </summary>
internal sealed class StoredLineage
{
    private readonly ConcurrentDictionary<ChunkId, (string SnapshotId, Snapshot.Snapshot Snapshot)> _byManifest = new();

    public void Add(string snapshotId, Snapshot.Snapshot snapshot) => _byManifest[ChunkId.Of(snapshot.ManifestBytes)] = (snapshotId, snapshot);

    public Snapshot.Snapshot? Find(ChunkId manifestId) => _byManifest.TryGetValue(manifestId, out var entry) ? entry.Snapshot : null;

    public void Remove(string snapshotId)
    {
        foreach (var entry in _byManifest.Where(e => e.Value.SnapshotId == snapshotId).ToList())
        {
            _byManifest.TryRemove(entry);
        }
    }
}
