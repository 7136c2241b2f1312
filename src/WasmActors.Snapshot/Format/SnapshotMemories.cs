namespace WasmActors.Snapshot.Format;

/// <summary>Reads a snapshot's memory records, for hosts that serve its pages region by region.</summary>
public static class SnapshotMemories
{
    /// <summary>
    /// The record of memory <paramref name="memory"/> (store order) with its page lists: its size and the id of every
    /// non-zero page.
    /// Throws <see cref="SnapshotFormatException"/> if the record is missing or malformed.
    /// </summary>
    public static MemoryRecord Read(Snapshot snapshot, int memory)
    {
        var ids = snapshot.Manifest.Memories;
        if ((uint)memory >= (uint)ids.Length)
        {
            throw new SnapshotFormatException($"the snapshot has {ids.Length} memories, not {memory + 1}");
        }

        return RecordCodec.DecodeMemory(snapshot.GetChunk(ids[memory]), $"memory {memory}", snapshot.Manifest.Conf.Engine.PageShift, id => snapshot.GetChunk(id));
    }
}
