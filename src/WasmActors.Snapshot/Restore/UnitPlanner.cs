using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// Groups a snapshot's payload chunks into the units of a granularity; each unit is fetched in one round trip.
/// </summary>
internal static class UnitPlanner
{
    /// <summary>
    /// The units fetched before the first instruction: all payload except, in COW mode, memory pages and the
    /// contents of the <paramref name="lazy"/> kinds, which arrive on first touch.
    /// </summary>
    public static List<ChunkId[]> EagerUnits(StoreImage image, Granularity granularity, bool includeMemories, LazyKinds lazy, ModuleCache cache)
    {
        var units = new List<ChunkId[]>();
        // Code a prefetch or another restore is loading is left to that load (ModuleCache.Get waits for it).
        var code = image.ModuleRecords.Select(m => cache.CachedOrLoading(m.Code, image.Manifest.Conf.Engine) ? [] : m.Code.Pages).ToArray();
        var memories = image.Memories.Select(m => includeMemories ? MemoryPages(m) : []).ToArray();
        var tables = image.Tables.Select(t => lazy.HasFlag(LazyKinds.Tables) ? [] : t.Elements.Pages).ToArray();
        var elements = image.Elements.Select(e => lazy.HasFlag(LazyKinds.Elements) ? [] : e.Items.Pages).ToArray();
        var datas = image.Datas.Select(d => lazy.HasFlag(LazyKinds.Datas) ? [] : d.Bytes.Pages).ToArray();
        switch (granularity)
        {
            case Granularity.Page:
                units.AddRange(code.Concat(tables).Concat(elements).Concat(datas).Concat(memories).SelectMany(ids => ids).Select(id => new[] { id }));
                break;
            case Granularity.Mixture:
                units.AddRange(code.Concat(tables).Concat(elements));
                units.AddRange(datas.Concat(memories).SelectMany(ids => ids).Select(id => new[] { id }));
                break;
            case Granularity.Instance:
                units.AddRange(code.Concat(tables).Concat(elements).Concat(datas).Concat(memories));
                break;
            case Granularity.Module:
                var owners = image.Owners;
                for (var m = -1; m < image.ModuleRecords.Length; m++)
                {
                    var module = m;
                    units.Add((m >= 0 ? code[m] : [])
                        .Concat(Owned(tables, owners.Tables, module))
                        .Concat(Owned(elements, owners.Elements, module))
                        .Concat(Owned(datas, owners.Datas, module))
                        .Concat(Owned(memories, owners.Memories, module))
                        .ToArray());
                }

                break;
            case Granularity.Wasm:
                // Everything arrived with the whole file.
                break;
        }

        units.RemoveAll(u => u.Length == 0);
        return units;
    }

    /// <summary>What a fault on the page at <paramref name="position"/> of memory <paramref name="memory"/> fetches (COW mode).</summary>
    public static IEnumerable<ChunkId> FaultUnit(StoreImage image, Granularity granularity, LazyKinds lazy, int memory, int position, int readAhead)
    {
        var pages = image.Memories[memory].ResidentPages;
        switch (granularity)
        {
            case Granularity.Instance:
                return pages.Select(p => p.Id);
            case Granularity.Module:
                return ModuleUnit(image, lazy, image.Owners.Memories[memory]);
            default:
                // Sequential read-ahead: the next resident pages, if they follow without a gap.
                var unit = new List<ChunkId> { pages[position].Id };
                for (var k = position + 1; k < pages.Length && k <= position + readAhead && pages[k].Index == pages[k - 1].Index + 1; k++)
                {
                    unit.Add(pages[k].Id);
                }

                return unit;
        }
    }

    /// <summary>
    /// The COW unit of a module instance (Module granularity): every memory page and every lazily fetched table and
    /// segment it defines, so that whichever of them is touched first, one round trip brings the whole module.
    /// <paramref name="module"/> -1 groups the instances no module names.
    /// </summary>
    public static ChunkId[] ModuleUnit(StoreImage image, LazyKinds lazy, int module)
    {
        var owners = image.Owners;
        var tables = lazy.HasFlag(LazyKinds.Tables) ? image.Tables.Select(t => t.Elements.Pages).ToArray() : [];
        var elements = lazy.HasFlag(LazyKinds.Elements) ? image.Elements.Select(e => e.Items.Pages).ToArray() : [];
        var datas = lazy.HasFlag(LazyKinds.Datas) ? image.Datas.Select(d => d.Bytes.Pages).ToArray() : [];
        return Owned(tables, owners.Tables, module)
            .Concat(Owned(elements, owners.Elements, module))
            .Concat(Owned(datas, owners.Datas, module))
            .Concat(Owned(image.Memories.Select(MemoryPages).ToArray(), owners.Memories, module))
            .Distinct()
            .ToArray();
    }

    /// <summary>Every payload chunk of the <paramref name="lazy"/> kinds, for the background push.</summary>
    public static IEnumerable<ChunkId> LazyContents(StoreImage image, LazyKinds lazy) =>
        (lazy.HasFlag(LazyKinds.Tables) ? image.Tables.SelectMany(t => t.Elements.Pages) : [])
            .Concat(lazy.HasFlag(LazyKinds.Elements) ? image.Elements.SelectMany(e => e.Items.Pages) : [])
            .Concat(lazy.HasFlag(LazyKinds.Datas) ? image.Datas.SelectMany(d => d.Bytes.Pages) : []);

    private static ChunkId[] MemoryPages(MemoryRecord memory) => memory.ResidentPages.Select(p => p.Id).ToArray();

    private static IEnumerable<ChunkId> Owned(ChunkId[][] perInstance, int[] owners, int module) =>
        perInstance.Where((_, i) => owners[i] == module).SelectMany(ids => ids);
}
