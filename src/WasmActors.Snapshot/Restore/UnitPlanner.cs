using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// Groups a snapshot's payload chunks into the units of a granularity; each unit is fetched in one round trip.
/// </summary>
internal static class UnitPlanner
{
    /// <summary>The units fetched before the first instruction: all payload except, in COW mode, memory pages.</summary>
    public static List<ChunkId[]> EagerUnits(StoreImage image, Granularity granularity, bool includeMemories, ModuleCache cache)
    {
        var units = new List<ChunkId[]>();
        var code = image.ModuleRecords.Select(m => cache.Contains(m.Code, image.Manifest.Conf.Engine) ? [] : m.Code.Pages).ToArray();
        var memories = image.Memories.Select(m => includeMemories ? m.ResidentPages.Select(p => p.Id).ToArray() : []).ToArray();
        var tables = image.Tables.Select(t => t.Elements.Pages).ToArray();
        var elements = image.Elements.Select(e => e.Items.Pages).ToArray();
        var datas = image.Datas.Select(d => d.Bytes.Pages).ToArray();
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
    public static IEnumerable<ChunkId> FaultUnit(StoreImage image, Granularity granularity, int memory, int position, int readAhead)
    {
        var pages = image.Memories[memory].ResidentPages;
        switch (granularity)
        {
            case Granularity.Instance:
                return pages.Select(p => p.Id);
            case Granularity.Module:
                var owner = image.Owners.Memories[memory];
                return image.Memories
                    .Where((_, i) => image.Owners.Memories[i] == owner)
                    .SelectMany(m => m.ResidentPages.Select(p => p.Id));
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

    private static IEnumerable<ChunkId> Owned(ChunkId[][] perInstance, int[] owners, int module) =>
        perInstance.Where((_, i) => owners[i] == module).SelectMany(ids => ids);
}
