using System.Runtime.CompilerServices;
using WasmActors.Wasm;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Validation;

namespace WasmActors.Snapshot.Capture;

/// <summary>
/// Remembers the binary each decoded module came from, because a snapshot stores module code as the original
/// .wasm bytes (positions in the decoded code are a deterministic function of those bytes and the engine version).
/// </summary>
internal static class ModuleBinaries
{
    private static readonly ConditionalWeakTable<Module, byte[]> Binaries = [];

    /// <summary>
    /// Loads and validates a binary, remembering its bytes so instances of it can be snapshotted. Function bodies are
    /// decoded and validated when first called (ADR-023): an invalid body throws its validation error from that call.
    /// </summary>
    public static Module Load(byte[] bytes, EngineConfig? config = null)
    {
        var module = ModuleLoader.Load(bytes, config);
        ModuleValidator.ValidateExceptBodies(module);
        Register(module, bytes);
        return module;
    }

    /// <summary>Records that <paramref name="module"/> was decoded from <paramref name="bytes"/> (not copied: do not change them).</summary>
    public static void Register(Module module, byte[] bytes) => Binaries.AddOrUpdate(module, bytes);

    public static byte[]? Find(Module module) => Binaries.TryGetValue(module, out var bytes) ? bytes : null;
}
