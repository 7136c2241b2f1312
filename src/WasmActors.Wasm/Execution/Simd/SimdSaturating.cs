using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// Saturating and rounding integer lane arithmetic built from exact vector primitives: signed forms widen, compute,
/// clamp and narrow (the narrowing truncation is exact once clamped); unsigned forms use identities that cannot
/// overflow a lane.
/// </summary>
// No zeroing of the frame (these switches hold many vector temporaries): every local and stack buffer is written before it is read.
[SkipLocalsInit]
internal static class SimdSaturating
{
    public static Vector128<byte> AddS8(Vector128<byte> a, Vector128<byte> b)
    {
        var (al, ah) = Vector128.Widen(a.AsSByte());
        var (bl, bh) = Vector128.Widen(b.AsSByte());
        return NarrowS8(al + bl, ah + bh);
    }

    public static Vector128<byte> SubS8(Vector128<byte> a, Vector128<byte> b)
    {
        var (al, ah) = Vector128.Widen(a.AsSByte());
        var (bl, bh) = Vector128.Widen(b.AsSByte());
        return NarrowS8(al - bl, ah - bh);
    }

    public static Vector128<byte> AddS16(Vector128<byte> a, Vector128<byte> b)
    {
        var (al, ah) = Vector128.Widen(a.AsInt16());
        var (bl, bh) = Vector128.Widen(b.AsInt16());
        return NarrowS16(al + bl, ah + bh);
    }

    public static Vector128<byte> SubS16(Vector128<byte> a, Vector128<byte> b)
    {
        var (al, ah) = Vector128.Widen(a.AsInt16());
        var (bl, bh) = Vector128.Widen(b.AsInt16());
        return NarrowS16(al - bl, ah - bh);
    }

    /// <summary>a + min(b, ~a): ~a is the room left below the maximum.</summary>
    public static Vector128<T> AddU<T>(Vector128<T> a, Vector128<T> b) => a + Vector128.Min(b, ~a);

    /// <summary>max(a, b) - b: zero where b is larger.</summary>
    public static Vector128<T> SubU<T>(Vector128<T> a, Vector128<T> b) => Vector128.Max(a, b) - b;

    /// <summary>(a + b + 1) >> 1 without the carry: (a | b) - ((a ^ b) >> 1).</summary>
    public static Vector128<byte> AvgrU8(Vector128<byte> a, Vector128<byte> b) => (a | b) - Vector128.ShiftRightLogical(a ^ b, 1);

    public static Vector128<byte> AvgrU16(Vector128<byte> a, Vector128<byte> b)
    {
        var (x, y) = (a.AsUInt16(), b.AsUInt16());
        return ((x | y) - Vector128.ShiftRightLogical(x ^ y, 1)).AsByte();
    }

    /// <summary>i16x8.q15mulr_sat_s: (a * b + 0x4000) >> 15, saturated (only -32768 * -32768 overflows).</summary>
    public static Vector128<byte> Q15MulrS(Vector128<byte> a, Vector128<byte> b)
    {
        var (al, ah) = Vector128.Widen(a.AsInt16());
        var (bl, bh) = Vector128.Widen(b.AsInt16());
        var round = Vector128.Create(0x4000);
        return NarrowS16(Vector128.ShiftRightArithmetic((al * bl) + round, 15), Vector128.ShiftRightArithmetic((ah * bh) + round, 15));
    }

    /// <summary>i8x16.narrow_i16x8_s and _u: the lanes of a then of b, saturated to the narrow range.</summary>
    public static Vector128<byte> Narrow16(Vector128<byte> a, Vector128<byte> b, bool unsigned) => unsigned
        ? Vector128.Narrow(Clamp(a.AsInt16(), 0, 255), Clamp(b.AsInt16(), 0, 255)).AsByte()
        : NarrowS8(a.AsInt16(), b.AsInt16());

    /// <summary>i16x8.narrow_i32x4_s and _u.</summary>
    public static Vector128<byte> Narrow32(Vector128<byte> a, Vector128<byte> b, bool unsigned) => unsigned
        ? Vector128.Narrow(Clamp(a.AsInt32(), 0, 65535), Clamp(b.AsInt32(), 0, 65535)).AsByte()
        : NarrowS16(a.AsInt32(), b.AsInt32());

    /// <summary>extadd_pairwise: each result lane is the sum of the two input lanes it covers, sign- or zero-extended.</summary>
    public static Vector128<byte> ExtaddPairwise(int code, Vector128<byte> a) => code switch
    {
        0x7C => (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(a.AsInt16(), 8), 8) + Vector128.ShiftRightArithmetic(a.AsInt16(), 8)).AsByte(),
        0x7D => ((a.AsUInt16() & Vector128.Create((ushort)0xFF)) + Vector128.ShiftRightLogical(a.AsUInt16(), 8)).AsByte(),
        0x7E => (Vector128.ShiftRightArithmetic(Vector128.ShiftLeft(a.AsInt32(), 16), 16) + Vector128.ShiftRightArithmetic(a.AsInt32(), 16)).AsByte(),
        _ => ((a.AsUInt32() & Vector128.Create(0xFFFFu)) + Vector128.ShiftRightLogical(a.AsUInt32(), 16)).AsByte(),
    };

    private static Vector128<byte> NarrowS8(Vector128<short> low, Vector128<short> high) =>
        Vector128.Narrow(Clamp(low, sbyte.MinValue, sbyte.MaxValue), Clamp(high, sbyte.MinValue, sbyte.MaxValue)).AsByte();

    private static Vector128<byte> NarrowS16(Vector128<int> low, Vector128<int> high) =>
        Vector128.Narrow(Clamp(low, short.MinValue, short.MaxValue), Clamp(high, short.MinValue, short.MaxValue)).AsByte();

    private static Vector128<short> Clamp(Vector128<short> x, short min, short max) =>
        Vector128.Min(Vector128.Max(x, Vector128.Create(min)), Vector128.Create(max));

    private static Vector128<int> Clamp(Vector128<int> x, int min, int max) =>
        Vector128.Min(Vector128.Max(x, Vector128.Create(min)), Vector128.Create(max));
}
