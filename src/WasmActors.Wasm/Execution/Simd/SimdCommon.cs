using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The [v128 v128] -> [v128] instructions common in hot loops, each one <see cref="Vector128"/> expression defined
/// here once: <see cref="SimdBinary"/> and the interpreter's fast cases (<see cref="SimdExecutor"/>) call them, and the
/// CIL tier calls them directly (<see cref="MethodFor"/>), where the JIT inlines them instead of a dispatch on the code.
/// </summary>
internal static class SimdCommon
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> And(Vector128<byte> a, Vector128<byte> b) => a & b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Or(Vector128<byte> a, Vector128<byte> b) => a | b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Xor(Vector128<byte> a, Vector128<byte> b) => a ^ b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Add(Vector128<byte> a, Vector128<byte> b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I8x16Sub(Vector128<byte> a, Vector128<byte> b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Add(Vector128<byte> a, Vector128<byte> b) => (a.AsUInt16() + b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I16x8Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsUInt16() - b.AsUInt16()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Add(Vector128<byte> a, Vector128<byte> b) => (a.AsUInt32() + b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsUInt32() - b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I32x4Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsUInt32() * b.AsUInt32()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2Add(Vector128<byte> a, Vector128<byte> b) => (a.AsUInt64() + b.AsUInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> I64x2Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsUInt64() - b.AsUInt64()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Add(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() + b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() - b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F32x4Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsSingle() * b.AsSingle()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Add(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() + b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Sub(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() - b.AsDouble()).AsByte();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> F64x2Mul(Vector128<byte> a, Vector128<byte> b) => (a.AsDouble() * b.AsDouble()).AsByte();

    /// <summary>v128.bitselect: bits of a where the mask is 1, of b where it is 0.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Bitselect(Vector128<byte> a, Vector128<byte> b, Vector128<byte> mask) => (a & mask) | (b & ~mask);

    /// <summary>The method of the binary instruction with this code, when it is one of the above.</summary>
    public static MethodInfo? MethodFor(int code) => code switch
    {
        0x4E => Method(nameof(And)),
        0x50 => Method(nameof(Or)),
        0x51 => Method(nameof(Xor)),
        0x6E => Method(nameof(I8x16Add)),
        0x71 => Method(nameof(I8x16Sub)),
        0x8E => Method(nameof(I16x8Add)),
        0x91 => Method(nameof(I16x8Sub)),
        0xAE => Method(nameof(I32x4Add)),
        0xB1 => Method(nameof(I32x4Sub)),
        0xB5 => Method(nameof(I32x4Mul)),
        0xCE => Method(nameof(I64x2Add)),
        0xD1 => Method(nameof(I64x2Sub)),
        0xE4 => Method(nameof(F32x4Add)),
        0xE5 => Method(nameof(F32x4Sub)),
        0xE6 => Method(nameof(F32x4Mul)),
        0xF0 => Method(nameof(F64x2Add)),
        0xF1 => Method(nameof(F64x2Sub)),
        0xF2 => Method(nameof(F64x2Mul)),
        _ => null,
    };

    private static MethodInfo Method(string name) => typeof(SimdCommon).GetMethod(name)!;
}
