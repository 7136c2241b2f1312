namespace WasmActors.Wasm.Runtime;

/// <summary>
/// A host's say in memory.grow beyond the type's and the engine's maximum: a per-program limit, a budget shared by
/// every instance of a node. Refusing makes memory.grow return -1, which is what a wasm program expects when memory
/// runs out (Wasmtime's ResourceLimiter does the same); nothing traps.
/// </summary>
internal interface IMemoryGrowthGate
{
    /// <summary>True to let the memory grow from <paramref name="fromBytes"/> to <paramref name="toBytes"/>; called on the thread running it.</summary>
    bool TryGrow(ulong fromBytes, ulong toBytes);
}
