namespace WasmActors.Wasm.Runtime;

/// <summary>
/// A host's say in memory.grow beyond the type's and the engine's maximum: a per-program limit, a budget shared by
/// every instance of a node. Refusing makes memory.grow return -1, which is what a wasm program expects when memory
/// runs out (Wasmtime's ResourceLimiter does the same); nothing traps.
/// </summary>
internal interface IMemoryGrowthGate
{
    /// <summary>
    /// True to let the memory hold <paramref name="toBytes"/> where it was allowed <paramref name="fromBytes"/> so far
    /// (what it allocates: a flat memory asks for room to grow into as well); called on the thread running it.
    /// </summary>
    bool TryGrow(ulong fromBytes, ulong toBytes);
}
