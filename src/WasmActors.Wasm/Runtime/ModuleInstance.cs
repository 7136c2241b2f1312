using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>
/// A module instantiated into a store: the module's index spaces resolved to store instances
/// (imports first, as in the spec), plus its exports by name.
/// </summary>
public sealed class ModuleInstance
{
    internal ModuleInstance(Module module, string? name)
    {
        Module = module;
        Name = name;
        Types = module.Types.ToArray();
    }

    public Module Module { get; }

    /// <summary>
    /// The first step of the initialiser from serialised state: an empty module instance of
    /// <paramref name="module"/>, whose index spaces <see cref="Bind"/> then fills with restored store instances.
    /// </summary>
    internal static ModuleInstance CreateUnbound(Module module, string? name) => new(module, name);

    /// <summary>
    /// Sets the index spaces (imports first, as in the spec) from restored instances and rebuilds the exports.
    /// Throws <see cref="ArgumentException"/> when a count disagrees with the module.
    /// </summary>
    internal void Bind(
        FunctionInstance[] functions,
        TableInstance[] tables,
        MemoryInstance[] memories,
        GlobalInstance[] globals,
        ElementInstance[] elements,
        DataInstance[] datas)
    {
        Expect(functions.Length, Module.ImportedFunctionCount + Module.Functions.Count, "functions");
        Expect(tables.Length, Module.ImportedTableCount + Module.Tables.Count, "tables");
        Expect(memories.Length, Module.ImportedMemoryCount + Module.Memories.Count, "memories");
        Expect(globals.Length, Module.ImportedGlobalCount + Module.Globals.Count, "globals");
        Expect(elements.Length, Module.Elements.Count, "element segments");
        Expect(datas.Length, Module.Datas.Count, "data segments");
        Functions = functions;
        Tables = tables;
        Memories = memories;
        Globals = globals;
        Elements = elements;
        Datas = datas;
        Exports.Clear();
        foreach (var export in Module.Exports)
        {
            Exports[export.Name] = export.Kind switch
            {
                ExternalKind.Function => Functions[export.Index],
                ExternalKind.Table => Tables[export.Index],
                ExternalKind.Memory => Memories[export.Index],
                _ => Globals[export.Index],
            };
        }
    }

    /// <summary>The name it is registered under, if any (for backtraces and snapshots).</summary>
    public string? Name { get; }

    /// <summary>Index of this module instance in its store.</summary>
    internal int Address { get; set; } = -1;

    public FuncType[] Types { get; }

    public FunctionInstance[] Functions { get; internal set; } = [];

    public TableInstance[] Tables { get; internal set; } = [];

    public MemoryInstance[] Memories { get; internal set; } = [];

    public GlobalInstance[] Globals { get; internal set; } = [];

    internal ElementInstance[] Elements { get; set; } = [];

    internal DataInstance[] Datas { get; set; } = [];

    public Dictionary<string, StoreInstance> Exports { get; } = new(StringComparer.Ordinal);

    public FunctionInstance GetFunction(string name) =>
        Exports.TryGetValue(name, out var value) && value is FunctionInstance function
            ? function
            : throw new KeyNotFoundException($"no exported function named \"{name}\"");

    public GlobalInstance GetGlobal(string name) =>
        Exports.TryGetValue(name, out var value) && value is GlobalInstance global
            ? global
            : throw new KeyNotFoundException($"no exported global named \"{name}\"");

    public MemoryInstance GetMemory(string name) =>
        Exports.TryGetValue(name, out var value) && value is MemoryInstance memory
            ? memory
            : throw new KeyNotFoundException($"no exported memory named \"{name}\"");

    private static void Expect(int actual, int expected, string what)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"the module has {expected} {what}, {actual} were given");
        }
    }
}
