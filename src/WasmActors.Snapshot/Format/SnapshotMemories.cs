namespace WasmActors.Snapshot.Format;

/// <summary>Reads a snapshot's memory records, for hosts that serve its pages region by region.</summary>
internal static class SnapshotMemories
{
    /// <summary>
    /// The record of memory <paramref name="memory"/> (store order) with its page lists: its size and the id of every
    /// non-zero page.
    /// Throws <see cref="SnapshotFormatException"/> if the record is missing or malformed.
    /// </summary>
    public static MemoryRecord Read(SnapshotImage snapshot, int memory)
    {
        var ids = snapshot.Manifest.Memories;
        if ((uint)memory >= (uint)ids.Length)
        {
            throw new SnapshotFormatException($"the snapshot has {ids.Length} memories, not {memory + 1}");
        }

        return RecordCodec.DecodeMemory(snapshot.GetChunk(ids[memory]), $"memory {memory}", snapshot.Manifest.Conf.Engine.PageShift, id => snapshot.GetChunk(id));
    }

    /// <summary>
    /// Checks the memory records cheaply, in time proportional to what <paramref name="snapshot"/> holds itself: every
    /// record decodes, every page list it names is held (here or by the lineage), and the lists it holds itself decode
    /// (the lineage's were checked when it was stored). Throws <see cref="SnapshotFormatException"/>.
    /// </summary>
    public static void Check(SnapshotImage snapshot)
    {
        var memories = snapshot.Manifest.Memories;
        for (var m = 0; m < memories.Length; m++)
        {
            var header = RecordCodec.DecodeMemoryHeader(snapshot.GetChunk(memories[m]), $"memory {m}", snapshot.Manifest.Conf.Engine.PageShift);
            foreach (var (span, id) in header.Lists)
            {
                if (snapshot.Chunks.TryGetValue(id, out var list))
                {
                    RecordCodec.DecodePageList(list, span, header.EnginePages, $"memory {m} page list {span}", []);
                }
                else if (!snapshot.Contains(id))
                {
                    throw new SnapshotFormatException($"memory {m} names page list {id}, which the snapshot does not hold");
                }
            }
        }
    }

    /// <summary>
    /// The memory pages among the chunks <paramref name="snapshot"/> holds itself (for a delta: the pages written
    /// since its parent), found through the page lists it holds itself: a page that changed changes its list, and
    /// that list its memory record. What is left of its own chunks is what a restore reads before any page.
    /// </summary>
    public static HashSet<ChunkId> OwnPages(SnapshotImage snapshot)
    {
        var pages = new HashSet<ChunkId>();
        var memories = snapshot.Manifest.Memories;
        for (var m = 0; m < memories.Length; m++)
        {
            if (!snapshot.Chunks.TryGetValue(memories[m], out var record))
            {
                continue;
            }

            var header = RecordCodec.DecodeMemoryHeader(record, $"memory {m}", snapshot.Manifest.Conf.Engine.PageShift);
            var listed = new List<PageRef>();
            foreach (var (span, id) in header.Lists)
            {
                if (snapshot.Chunks.TryGetValue(id, out var list))
                {
                    RecordCodec.DecodePageList(list, span, header.EnginePages, $"memory {m} page list {span}", listed);
                }
            }

            pages.UnionWith(listed.Select(p => p.Id).Where(snapshot.Chunks.ContainsKey));
        }

        return pages;
    }
}
