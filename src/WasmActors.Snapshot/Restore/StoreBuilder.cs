using WasmActors.Snapshot.Format;
using WasmActors.Wasm;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// Builds a store from a checked <see cref="StoreImage"/> with the initialisers from serialised state: instances
/// are added in address order, so every address (and so every funcref) means what it meant when captured.
/// </summary>
internal static class StoreBuilder
{
    /// <param name="memory">Makes the memory at an address (a fork of a template, or a full copy).</param>
    /// <param name="initialisers">Makes tables and segments, resident or pseudo-initialised.</param>
    /// <param name="fork">The metrics the new store's faults count in.</param>
    public static Store Build(StoreImage image, IImportResolver? hostImports, Func<int, MemoryInstance> memory, Initialisers initialisers, ForkMetrics fork)
    {
        var config = image.Manifest.Conf.Engine;
        var store = new Store(config);
        var modules = image.ModuleRecords.Select((r, i) => ModuleInstance.CreateUnbound(image.Modules[i], r.Name)).ToArray();

        for (var i = 0; i < image.Functions.Length; i++)
        {
            store.Add<FunctionInstance>(image.Functions[i] switch
            {
                WasmFunctionRecord wasm => DefinedFunction(image, modules, wasm),
                HostFunctionRecord host => Rebind(host, hostImports),
                _ => throw new SnapshotFormatException($"function {i} has an unknown kind"),
            });
        }

        for (var i = 0; i < image.Tables.Length; i++)
        {
            store.Add(initialisers.Table(i, fork));
        }

        for (var i = 0; i < image.Memories.Length; i++)
        {
            store.Add(memory(i));
        }

        foreach (var record in image.Globals)
        {
            // A global's value is its record: it arrives with the sizes, before the first instruction.
            store.Add(new GlobalInstance(new GlobalType(record.Type, record.Mutable), record.Value) { High = record.High });
        }

        for (var i = 0; i < image.Elements.Length; i++)
        {
            store.Add(initialisers.Element(i, fork));
        }

        for (var i = 0; i < image.Datas.Length; i++)
        {
            store.Add(initialisers.Data(i, fork));
        }

        for (var i = 0; i < modules.Length; i++)
        {
            var record = image.ModuleRecords[i];
            modules[i].Bind(
                record.Functions.Select(a => store.Functions[a]).ToArray(),
                record.Tables.Select(a => store.Tables[a]).ToArray(),
                record.Memories.Select(a => store.Memories[a]).ToArray(),
                record.Globals.Select(a => store.Globals[a]).ToArray(),
                record.Elements.Select(a => store.Elements[a]).ToArray(),
                record.Datas.Select(a => store.Datas[a]).ToArray());
            store.AddRestoredModule(modules[i]);
        }

        return store;
    }

    /// <summary>
    /// The pseudo-initialised template of a memory: its size, its limits, and its pages behind <paramref name="source"/>
    /// (null: pages mapped one by one after, zero until then). Paged from the start: forks share its pages.
    /// </summary>
    public static MemoryInstance Template(StoreImage image, int address, IPageSource? source) =>
        NewMemory(image, address, source ?? ZeroPageSource.Instance);

    /// <summary>A zeroed memory of the snapshot's size and limits, for a No-COW fork to copy its pages into: flat, as nothing shares it.</summary>
    public static MemoryInstance Empty(StoreImage image, int address) => NewMemory(image, address, null);

    private static MemoryInstance NewMemory(StoreImage image, int address, IPageSource? source)
    {
        var config = image.Manifest.Conf.Engine;
        var record = image.Memories[address];
        var type = new MemoryType(new Limits(record.Pages, record.Max));
        var enginePages = StoreImageDecoder.EnginePages(record, config.PageShift);
        return new MemoryInstance(type, config.MaxMemoryPages, config.PageShift, source, (uint)enginePages);
    }

    private static WasmFunction DefinedFunction(StoreImage image, ModuleInstance[] modules, WasmFunctionRecord wasm)
    {
        var module = image.Modules[wasm.Module];
        var body = module.Functions[wasm.Index - module.ImportedFunctionCount];
        return new WasmFunction(module.Types[(int)body.TypeIndex], modules[wasm.Module], wasm.Index, body);
    }

    private static HostFunction Rebind(HostFunctionRecord record, IImportResolver? hostImports)
    {
        var resolved = hostImports?.Resolve(record.ImportModule, record.ImportName);
        if (resolved is not HostFunction host)
        {
            throw new WasmLinkException($"the snapshot needs host function \"{record.ImportModule}\" \"{record.ImportName}\", which this node does not provide");
        }

        if (!host.Type.Equals(record.Type))
        {
            throw new WasmLinkException($"host function \"{record.ImportModule}\" \"{record.ImportName}\" here has type {host.Type}, the snapshot needs {record.Type}");
        }

        // A fresh instance per store: a store instance has one address, and several forks may live in one process.
        return new HostFunction(host.Type, host.Callback, host.Name);
    }
}
