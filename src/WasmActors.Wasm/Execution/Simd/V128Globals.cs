using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The value of a v128 global: its low half is <see cref="GlobalInstance.Value"/>, its high half is kept beside the
/// global, keyed by the instance.
/// </summary>
public static class V128Globals
{
    private static readonly ConditionalWeakTable<GlobalInstance, StrongBox<ulong>> High = [];

    public static Vector128<byte> Read(GlobalInstance global) =>
        Vector128.Create(global.Value, High.TryGetValue(global, out var high) ? high.Value : 0UL).AsByte();

    public static void Write(GlobalInstance global, Vector128<byte> value)
    {
        var halves = value.AsUInt64();
        global.Value = halves.GetElement(0);
        High.GetOrCreateValue(global).Value = halves.GetElement(1);
    }
}
