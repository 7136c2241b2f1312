using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary;

/// <summary>Decodes a WebAssembly binary into a <see cref="Module"/>.</summary>
public static class ModuleLoader
{
    /// <summary>Decodes <paramref name="bytes"/>; throws <see cref="WasmLoadException"/> if they are malformed.</summary>
    public static Module Load(ReadOnlySpan<byte> bytes, EngineConfig? config = null) =>
        throw new NotImplementedException();
}
