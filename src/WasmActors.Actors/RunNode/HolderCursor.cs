using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The memory node a snapshot's proxy currently fetches from (one of the snapshot's holders), published by the
/// proxy actor and read by engine threads for the bulk path, so page bodies follow the proxy to the next holder.
/// </summary>
internal sealed class HolderCursor(SnapshotRef first)
{
    private volatile SnapshotRef _current = first;

    public SnapshotRef Current
    {
        get => _current;
        set => _current = value;
    }
}
