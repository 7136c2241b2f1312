namespace WasmActors.Wasm.Runtime;

/// <summary>
/// All runtime state of a set of linked module instances, as in the spec: every function, table, memory,
/// global, element and data instance, addressed by index. A snapshot is an image of a store.
/// </summary>
public sealed class Store
{
    public Store(EngineConfig? config = null)
    {
        Config = config ?? EngineConfig.Default;
    }

    public EngineConfig Config { get; }

    internal List<FunctionInstance> Functions { get; } = [];

    internal List<TableInstance> Tables { get; } = [];

    internal List<MemoryInstance> Memories { get; } = [];

    internal List<GlobalInstance> Globals { get; } = [];

    internal List<ElementInstance> Elements { get; } = [];

    internal List<DataInstance> Datas { get; } = [];

    internal List<ModuleInstance> Modules { get; } = [];

    internal T Add<T>(T instance)
        where T : StoreInstance
    {
        if (instance.Address >= 0)
        {
            return instance;
        }

        switch (instance)
        {
            case FunctionInstance f:
                f.Address = Functions.Count;
                Functions.Add(f);
                break;
            case TableInstance t:
                t.Address = Tables.Count;
                Tables.Add(t);
                break;
            case MemoryInstance m:
                m.Address = Memories.Count;
                Memories.Add(m);
                break;
            case GlobalInstance g:
                g.Address = Globals.Count;
                Globals.Add(g);
                break;
            case ElementInstance e:
                e.Address = Elements.Count;
                Elements.Add(e);
                break;
            case DataInstance d:
                d.Address = Datas.Count;
                Datas.Add(d);
                break;
            default:
                throw new ArgumentException($"unknown instance kind {instance.GetType().Name}", nameof(instance));
        }

        return instance;
    }

    /// <summary>Adds a module instance restored from serialised state (see <see cref="ModuleInstance.Bind"/>).</summary>
    internal ModuleInstance AddRestoredModule(ModuleInstance module)
    {
        if (module.Address >= 0)
        {
            throw new ArgumentException("the module instance already belongs to a store", nameof(module));
        }

        return AddModule(module);
    }

    internal ModuleInstance AddModule(ModuleInstance module)
    {
        module.Address = Modules.Count;
        Modules.Add(module);
        return module;
    }
}
