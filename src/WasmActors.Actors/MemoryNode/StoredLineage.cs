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
    private readonly ConcurrentDictionary<ChunkId, (string SnapshotId, Snapshot.SnapshotImage Snapshot)> _byManifest = new();

    public void Add(string snapshotId, Snapshot.SnapshotImage snapshot) => _byManifest[ChunkId.Of(snapshot.ManifestBytes)] = (snapshotId, snapshot);

    public Snapshot.SnapshotImage? Find(ChunkId manifestId) => _byManifest.TryGetValue(manifestId, out var entry) ? entry.Snapshot : null;

    /// <summary>The stored snapshot of this id, if any.</summary>
    public Snapshot.SnapshotImage? FindById(string snapshotId) => _byManifest.Values.FirstOrDefault(e => e.SnapshotId == snapshotId).Snapshot;

    /// <summary>The id of a stored snapshot object (deltas hold their parent as the very object stored here).</summary>
    public string? IdOf(Snapshot.SnapshotImage snapshot) => _byManifest.Values.FirstOrDefault(e => ReferenceEquals(e.Snapshot, snapshot)).SnapshotId;

    /// <summary>Stored snapshots, other than those in <paramref name="leaving"/>, whose lineage holds <paramref name="snapshot"/>.</summary>
    public IEnumerable<string> DescendantsOf(Snapshot.SnapshotImage snapshot, IReadOnlySet<string> leaving) =>
        _byManifest.Values
            .Where(e => !leaving.Contains(e.SnapshotId) && !ReferenceEquals(e.Snapshot, snapshot) && HasAncestor(e.Snapshot, snapshot))
            .Select(e => e.SnapshotId);

    private static bool HasAncestor(Snapshot.SnapshotImage snapshot, Snapshot.SnapshotImage ancestor)
    {
        for (var s = snapshot.Parent; s is not null; s = s.Parent)
        {
            if (ReferenceEquals(s, ancestor))
            {
                return true;
            }
        }

        return false;
    }

    public void Remove(string snapshotId)
    {
        foreach (var entry in _byManifest.Where(e => e.Value.SnapshotId == snapshotId).ToList())
        {
            _byManifest.TryRemove(entry);
        }
    }
}
