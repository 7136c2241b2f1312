using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The [v128 v128] -> [v128] instructions. Wrapping integer arithmetic, bitwise operations, comparisons and the
/// IEEE float arithmetic use <see cref="Vector128"/> (their results are exact and the same on every platform);
/// saturation, rounding averages, q15 multiplication, float min/max (NaN propagation, -0 below +0) and pmin/pmax go
/// lane by lane.
/// </summary>
// No zeroing of the frame (these switches hold many vector temporaries): every local and stack buffer is written before it is read.
[SkipLocalsInit]
internal static class SimdBinary
{
    public static Vector128<byte> Apply(int code, Vector128<byte> a, Vector128<byte> b) => code switch
    {
        0x0E => SimdLanes.Swizzle(a, b),
        >= 0x23 and <= 0x4C => SimdCompare.Apply(code, a, b),
        0x4E => SimdCommon.And(a, b),
        0x4F => a & ~b,
        0x50 => SimdCommon.Or(a, b),
        0x51 => SimdCommon.Xor(a, b),
        >= 0x65 and <= 0x9F => I8x16OrI16x8(code, a, b),
        >= 0xAE and <= 0xDF => I32x4OrI64x2(code, a, b),
        >= 0xE4 and <= 0xF7 => SimdFloat.Binary(code, a, b),
        _ => throw SimdLanes.Bad(code),
    };

    private static Vector128<byte> I8x16OrI16x8(int code, Vector128<byte> a, Vector128<byte> b) => code switch
    {
        0x65 => SimdSaturating.Narrow16(a, b, unsigned: false),
        0x66 => SimdSaturating.Narrow16(a, b, unsigned: true),
        0x6E => SimdCommon.I8x16Add(a, b),
        0x6F => SimdSaturating.AddS8(a, b),
        0x70 => SimdSaturating.AddU(a, b),
        0x71 => SimdCommon.I8x16Sub(a, b),
        0x72 => SimdSaturating.SubS8(a, b),
        0x73 => SimdSaturating.SubU(a, b),
        0x76 => Vector128.Min(a.AsSByte(), b.AsSByte()).AsByte(),
        0x77 => Vector128.Min(a, b),
        0x78 => Vector128.Max(a.AsSByte(), b.AsSByte()).AsByte(),
        0x79 => Vector128.Max(a, b),
        0x7B => SimdSaturating.AvgrU8(a, b),
        0x82 => SimdSaturating.Q15MulrS(a, b),
        0x85 => SimdSaturating.Narrow32(a, b, unsigned: false),
        0x86 => SimdSaturating.Narrow32(a, b, unsigned: true),
        0x8E => SimdCommon.I16x8Add(a, b),
        0x8F => SimdSaturating.AddS16(a, b),
        0x90 => SimdSaturating.AddU(a.AsUInt16(), b.AsUInt16()).AsByte(),
        0x91 => SimdCommon.I16x8Sub(a, b),
        0x92 => SimdSaturating.SubS16(a, b),
        0x93 => SimdSaturating.SubU(a.AsUInt16(), b.AsUInt16()).AsByte(),
        0x95 => (a.AsUInt16() * b.AsUInt16()).AsByte(),
        0x96 => Vector128.Min(a.AsInt16(), b.AsInt16()).AsByte(),
        0x97 => Vector128.Min(a.AsUInt16(), b.AsUInt16()).AsByte(),
        0x98 => Vector128.Max(a.AsInt16(), b.AsInt16()).AsByte(),
        0x99 => Vector128.Max(a.AsUInt16(), b.AsUInt16()).AsByte(),
        0x9B => SimdSaturating.AvgrU16(a, b),
        0x9C => (Vector128.WidenLower(a.AsSByte()) * Vector128.WidenLower(b.AsSByte())).AsByte(),
        0x9D => (Vector128.WidenUpper(a.AsSByte()) * Vector128.WidenUpper(b.AsSByte())).AsByte(),
        0x9E => (Vector128.WidenLower(a) * Vector128.WidenLower(b)).AsByte(),
        0x9F => (Vector128.WidenUpper(a) * Vector128.WidenUpper(b)).AsByte(),
        _ => throw SimdLanes.Bad(code),
    };

    private static Vector128<byte> I32x4OrI64x2(int code, Vector128<byte> a, Vector128<byte> b) => code switch
    {
        0xAE => SimdCommon.I32x4Add(a, b),
        0xB1 => SimdCommon.I32x4Sub(a, b),
        0xB5 => SimdCommon.I32x4Mul(a, b),
        0xB6 => Vector128.Min(a.AsInt32(), b.AsInt32()).AsByte(),
        0xB7 => Vector128.Min(a.AsUInt32(), b.AsUInt32()).AsByte(),
        0xB8 => Vector128.Max(a.AsInt32(), b.AsInt32()).AsByte(),
        0xB9 => Vector128.Max(a.AsUInt32(), b.AsUInt32()).AsByte(),
        0xBA => Dot(a.AsInt16(), b.AsInt16()),
        0xBC => (Vector128.WidenLower(a.AsInt16()) * Vector128.WidenLower(b.AsInt16())).AsByte(),
        0xBD => (Vector128.WidenUpper(a.AsInt16()) * Vector128.WidenUpper(b.AsInt16())).AsByte(),
        0xBE => (Vector128.WidenLower(a.AsUInt16()) * Vector128.WidenLower(b.AsUInt16())).AsByte(),
        0xBF => (Vector128.WidenUpper(a.AsUInt16()) * Vector128.WidenUpper(b.AsUInt16())).AsByte(),
        0xCE => SimdCommon.I64x2Add(a, b),
        0xD1 => SimdCommon.I64x2Sub(a, b),
        0xD5 => (a.AsUInt64() * b.AsUInt64()).AsByte(),
        0xD6 => Vector128.Equals(a.AsInt64(), b.AsInt64()).AsByte(),
        0xD7 => (~Vector128.Equals(a.AsInt64(), b.AsInt64())).AsByte(),
        0xD8 => Vector128.LessThan(a.AsInt64(), b.AsInt64()).AsByte(),
        0xD9 => Vector128.GreaterThan(a.AsInt64(), b.AsInt64()).AsByte(),
        0xDA => Vector128.LessThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte(),
        0xDB => Vector128.GreaterThanOrEqual(a.AsInt64(), b.AsInt64()).AsByte(),
        0xDC => (Vector128.WidenLower(a.AsInt32()) * Vector128.WidenLower(b.AsInt32())).AsByte(),
        0xDD => (Vector128.WidenUpper(a.AsInt32()) * Vector128.WidenUpper(b.AsInt32())).AsByte(),
        0xDE => (Vector128.WidenLower(a.AsUInt32()) * Vector128.WidenLower(b.AsUInt32())).AsByte(),
        0xDF => (Vector128.WidenUpper(a.AsUInt32()) * Vector128.WidenUpper(b.AsUInt32())).AsByte(),
        _ => throw SimdLanes.Bad(code),
    };

    /// <summary>i32x4.dot_i16x8_s: sums of adjacent signed products, wrapping (only -32768² twice overflows).</summary>
    private static Vector128<byte> Dot(Vector128<short> a, Vector128<short> b)
    {
        var low = Vector128.WidenLower(a) * Vector128.WidenLower(b);
        var high = Vector128.WidenUpper(a) * Vector128.WidenUpper(b);
        return Vector128.Create(
            unchecked(low.GetElement(0) + low.GetElement(1)),
            unchecked(low.GetElement(2) + low.GetElement(3)),
            unchecked(high.GetElement(0) + high.GetElement(1)),
            unchecked(high.GetElement(2) + high.GetElement(3))).AsByte();
    }
}
