using WasmActors.Actors.Configuration;
using WasmActors.Snapshot.Durable;

namespace WasmActors.Actors.MemoryNode;

/// <summary>
/// A memory node's durable store as found at start: the store, the snapshots it serves again and those it dropped.
/// Opened before the registry starts, so a store that cannot be opened stops the node with the reason.
/// </summary>
internal sealed record OpenedStore(DurableSnapshotStore Store, IReadOnlyList<StoredSnapshot> Held, IReadOnlyList<DroppedSnapshot> Dropped)
{
    /// <summary>The store at wasmactors.memory-node.store-path, or null when the node keeps snapshots in memory only.</summary>
    public static OpenedStore? Open(MemoryNodeSettings settings)
    {
        if (settings.StorePath is not { } path)
        {
            return null;
        }

        try
        {
            var store = DurableSnapshotStore.Open(path, out var held, out var dropped);
            return new OpenedStore(store, held, dropped);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"wasmactors.memory-node.store-path = {path}: the store cannot be opened: {e.Message}", e);
        }
    }
}
