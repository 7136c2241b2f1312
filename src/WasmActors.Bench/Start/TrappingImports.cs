using WasmActors.Wasm;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Bench.Start;

/// <summary>
/// Stands in for the function imports of hosts other than WASI (a Ruby build imports its JavaScript host's), each with
/// the imported type, trapping if called: the start benchmark needs the module instantiated, not those calls.
/// </summary>
internal sealed class TrappingImports(Module module) : IImportResolver
{
    public StoreInstance? Resolve(string moduleName, string name)
    {
        if (moduleName == WasiModule.Name)
        {
            return null;
        }

        var import = module.Imports.FirstOrDefault(i => i.ModuleName == moduleName && i.Name == name);
        return import?.Descriptor is FunctionImport function
            ? new HostFunction(module.Types[(int)function.TypeIndex], (_, _, _) => throw new WasmTrapException($"{moduleName}.{name} is not provided by the start benchmark"), name)
            : null;
    }
}
