using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Engine;

/// <summary>
/// The host imports of a restored snapshot. A restore binds host functions once per built store, but every fork
/// needs its own WASI context (its own output stream), so the functions are swapped in just before each build,
/// under the batch's lock.
/// </summary>
internal sealed class WasiImportSwitch : IImportResolver
{
    private Dictionary<string, HostFunction> _functions = [];

    public void Use(WasiContext wasi) =>
        _functions = WasiModule.CreateFunctions(wasi).ToDictionary(f => f.Name, StringComparer.Ordinal);

    public StoreInstance? Resolve(string module, string name) =>
        module == WasiModule.Name && _functions.TryGetValue(name, out var function) ? function : null;
}
