using System.Runtime.Intrinsics;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>The value of a v128 global: <see cref="GlobalInstance.Value"/> is its low half, <see cref="GlobalInstance.High"/> its high half.</summary>
internal static class V128Globals
{
    public static Vector128<byte> Read(GlobalInstance global) => Vector128.Create(global.Value, global.High).AsByte();

    public static void Write(GlobalInstance global, Vector128<byte> value)
    {
        var halves = value.AsUInt64();
        global.Value = halves.GetElement(0);
        global.High = halves.GetElement(1);
    }
}
