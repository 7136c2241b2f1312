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

    /// <summary>The name it is registered under, if any (for backtraces and snapshots).</summary>
    public string? Name { get; }

    /// <summary>Index of this module instance in its store.</summary>
    public int Address { get; internal set; } = -1;

    public FuncType[] Types { get; }

    public FunctionInstance[] Functions { get; internal set; } = [];

    public TableInstance[] Tables { get; internal set; } = [];

    public MemoryInstance[] Memories { get; internal set; } = [];

    public GlobalInstance[] Globals { get; internal set; } = [];

    public ElementInstance[] Elements { get; internal set; } = [];

    public DataInstance[] Datas { get; internal set; } = [];

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
}
