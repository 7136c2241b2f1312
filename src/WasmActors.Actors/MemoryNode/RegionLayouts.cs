using WasmActors.Actors.Engine;
using WasmActors.Snapshot.Format;

namespace WasmActors.Actors.MemoryNode;

/// <summary>
/// A stored snapshot's memory regions, read from its memory records (one region per memory, in store order): which
/// page holds which chunk. The records are already checked by their hashes; their contents are checked here.
/// </summary>
internal static class RegionLayouts
{
    public static RegionLayout[] Of(Snapshot.SnapshotImage snapshot)
    {
        var pageShift = snapshot.Manifest.Conf.Engine.PageShift;
        var regions = new RegionLayout[snapshot.Manifest.Memories.Length];
        for (var m = 0; m < regions.Length; m++)
        {
            var record = SnapshotMemories.Read(snapshot, m);
            var pageCount = (int)(((long)record.Pages * Wasm.Runtime.MemoryInstance.WasmPageSize) >> pageShift);
            regions[m] = new RegionLayout(
                m,
                1 << pageShift,
                pageCount,
                record.ResidentPages.Select(p => p.Index).ToArray(),
                record.ResidentPages.Select(p => p.Id).ToArray());
        }

        return regions;
    }
}
