using WasmActors.Snapshot.Format;
using WasmActors.Wasm.Model;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// A snapshot's records, decoded and checked against each other and against the module code: everything needed to
/// build a store except the memory pages, which stay in the chunk cache (or at the source until touched).
/// Immutable once built; every fork of a restore builds its store from the same image.
/// </summary>
internal sealed class StoreImage
{
    public required SnapshotManifest Manifest { get; init; }

    public required ModuleRecord[] ModuleRecords { get; init; }

    public required FunctionRecord[] Functions { get; init; }

    public required TableRecord[] Tables { get; init; }

    public required MemoryRecord[] Memories { get; init; }

    public required GlobalRecord[] Globals { get; init; }

    public required ElementRecord[] Elements { get; init; }

    public required DataRecord[] Datas { get; init; }

    /// <summary>The paused call, when the snapshot was taken mid-run.</summary>
    public required ExecutionRecord? Execution { get; init; }

    /// <summary>The module instance that first names each instance (its definer), or -1 for host instances no module names.</summary>
    public OwnerMap Owners { get; set; } = new([], [], [], [], [], []);

    // Filled by the payload phase; null for an instance built pseudo-initialised (its contents arrive on first touch).
    public Module[] Modules { get; set; } = [];

    public ulong[]?[] TableElements { get; set; } = [];

    public ulong[]?[] ElementItems { get; set; } = [];

    public byte[]?[] DataBytes { get; set; } = [];

    public int PageSize => 1 << Manifest.Conf.Engine.PageShift;
}

/// <summary>Which module instance each store instance belongs to, for the Module granularity.</summary>
internal sealed record OwnerMap(int[] Functions, int[] Tables, int[] Memories, int[] Globals, int[] Elements, int[] Datas)
{
    public static OwnerMap Of(SnapshotManifest manifest, ModuleRecord[] modules)
    {
        var map = new OwnerMap(
            Unowned(manifest.Functions.Length),
            Unowned(manifest.Tables.Length),
            Unowned(manifest.Memories.Length),
            Unowned(manifest.Globals.Length),
            Unowned(manifest.Elements.Length),
            Unowned(manifest.Datas.Length));
        for (var m = 0; m < modules.Length; m++)
        {
            Claim(map.Functions, modules[m].Functions, m);
            Claim(map.Tables, modules[m].Tables, m);
            Claim(map.Memories, modules[m].Memories, m);
            Claim(map.Globals, modules[m].Globals, m);
            Claim(map.Elements, modules[m].Elements, m);
            Claim(map.Datas, modules[m].Datas, m);
        }

        return map;
    }

    private static int[] Unowned(int count) => Enumerable.Repeat(-1, count).ToArray();

    private static void Claim(int[] owners, int[] addresses, int module)
    {
        foreach (var address in addresses)
        {
            if (owners[address] < 0)
            {
                owners[address] = module;
            }
        }
    }
}
