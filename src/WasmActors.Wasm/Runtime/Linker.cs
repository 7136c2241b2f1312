namespace WasmActors.Wasm.Runtime;

/// <summary>Resolves a module's imports to store instances.</summary>
public interface IImportResolver
{
    /// <summary>The instance for <paramref name="module"/>.<paramref name="name"/>, or null if there is none ("unknown import").</summary>
    StoreInstance? Resolve(string module, string name);
}

/// <summary>A name table of importable instances: host definitions and the exports of registered module instances.</summary>
public sealed class Linker : IImportResolver
{
    private readonly Dictionary<(string Module, string Name), StoreInstance> _definitions = [];

    public Linker Define(string module, string name, StoreInstance instance)
    {
        _definitions[(module, name)] = instance;
        return this;
    }

    /// <summary>Makes every export of <paramref name="instance"/> importable under <paramref name="module"/>.</summary>
    public Linker DefineInstance(string module, ModuleInstance instance)
    {
        foreach (var (name, value) in instance.Exports)
        {
            _definitions[(module, name)] = value;
        }

        return this;
    }

    public StoreInstance? Resolve(string module, string name) =>
        _definitions.TryGetValue((module, name), out var instance) ? instance : null;
}
