using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>Instantiates a validated module into a store.</summary>
public static class Instantiator
{
    /// <summary>
    /// Resolves imports (throws <see cref="WasmLinkException"/>), allocates instances in WasmEdge's order, initialises
    /// active segments and runs the start function (throws <see cref="WasmTrapException"/>).
    /// </summary>
    public static ModuleInstance Instantiate(Store store, Module module, IImportResolver imports, string? name = null) =>
        throw new NotImplementedException();
}
