using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// What compiled bodies need around the SIMD semantics (<see cref="SimdCommon"/>, <see cref="SimdBinary"/>…): a v128
/// is two ulong slots (CIL locals) outside an instruction, so operands are packed into a vector and results split
/// back; the JIT inlines these into register moves.
/// </summary>
internal static class IlSimd
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Pack(ulong low, ulong high) => Vector128.Create(low, high).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Low(Vector128<byte> value) => value.AsUInt64().ToScalar();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong High(Vector128<byte> value) => value.AsUInt64().GetElement(1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(MemoryInstance memory, ulong address, Vector128<byte> value) => memory.Store(address, value);

    /// <summary>i8x16.shuffle with its 16 lane indices as the four ints of the internal code.</summary>
    public static Vector128<byte> Shuffle(Vector128<byte> a, Vector128<byte> b, int indices0, int indices1, int indices2, int indices3)
    {
        Span<int> indices = [indices0, indices1, indices2, indices3];
        return SimdLanes.Shuffle(a, b, ref indices[0]);
    }

    public static Vector128<byte> GlobalGet(ModuleInstance module, int global) => V128Globals.Read(module.Globals[global]);

    public static void GlobalSet(ModuleInstance module, Vector128<byte> value, int global) => V128Globals.Write(module.Globals[global], value);
}
