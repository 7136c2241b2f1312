using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// f32x4 and f64x2 arithmetic. add/sub/mul/div/sqrt are single IEEE operations per lane (a NaN result is a quiet
/// NaN, as wasm allows); min/max follow the scalar instructions; pmin/pmax are the plain comparisons
/// <c>b &lt; a ? b : a</c> and <c>a &lt; b ? b : a</c>, returning an operand's bits unchanged; the rounding
/// instructions round each lane as the scalar ones do (nearest: ties to even).
/// </summary>
// No zeroing of the frame (these switches hold many vector temporaries): every local and stack buffer is written before it is read.
[SkipLocalsInit]
internal static class SimdFloat
{
    private const uint F32Sign = 0x8000_0000u;
    private const ulong F64Sign = 0x8000_0000_0000_0000ul;

    public static Vector128<byte> Binary(int code, Vector128<byte> a, Vector128<byte> b) => code switch
    {
        0xE4 => SimdCommon.F32x4Add(a, b),
        0xE5 => SimdCommon.F32x4Sub(a, b),
        0xE6 => SimdCommon.F32x4Mul(a, b),
        0xE7 => (a.AsSingle() / b.AsSingle()).AsByte(),
        0xE8 => LaneMap.Zip<float>(a, b, Numerics.F32Min),
        0xE9 => LaneMap.Zip<float>(a, b, Numerics.F32Max),
        0xEA => Pmin(a.AsSingle(), b.AsSingle()),
        0xEB => Pmax(a.AsSingle(), b.AsSingle()),
        0xF0 => SimdCommon.F64x2Add(a, b),
        0xF1 => SimdCommon.F64x2Sub(a, b),
        0xF2 => SimdCommon.F64x2Mul(a, b),
        0xF3 => (a.AsDouble() / b.AsDouble()).AsByte(),
        0xF4 => LaneMap.Zip<double>(a, b, Numerics.F64Min),
        0xF5 => LaneMap.Zip<double>(a, b, Numerics.F64Max),
        0xF6 => Pmin(a.AsDouble(), b.AsDouble()),
        0xF7 => Pmax(a.AsDouble(), b.AsDouble()),
        _ => throw SimdLanes.Bad(code),
    };

    /// <summary>b &lt; a ? b : a per lane, as a bitwise select, so the chosen operand's bits pass unchanged.</summary>
    private static Vector128<byte> Pmin<T>(Vector128<T> a, Vector128<T> b) => Vector128.ConditionalSelect(Vector128.LessThan(b, a), b, a).As<T, byte>();

    /// <summary>a &lt; b ? b : a per lane.</summary>
    private static Vector128<byte> Pmax<T>(Vector128<T> a, Vector128<T> b) => Vector128.ConditionalSelect(Vector128.LessThan(a, b), b, a).As<T, byte>();

    public static Vector128<byte> Unary(int code, Vector128<byte> a) => code switch
    {
        0x67 => LaneMap.Map<float>(a, MathF.Ceiling),
        0x68 => LaneMap.Map<float>(a, MathF.Floor),
        0x69 => LaneMap.Map<float>(a, MathF.Truncate),
        0x6A => LaneMap.Map<float>(a, static x => MathF.Round(x, MidpointRounding.ToEven)),
        0x74 => LaneMap.Map<double>(a, Math.Ceiling),
        0x75 => LaneMap.Map<double>(a, Math.Floor),
        0x7A => LaneMap.Map<double>(a, Math.Truncate),
        0x94 => LaneMap.Map<double>(a, static x => Math.Round(x, MidpointRounding.ToEven)),
        0xE0 => (a.AsUInt32() & Vector128.Create(~F32Sign)).AsByte(),
        0xE1 => (a.AsUInt32() ^ Vector128.Create(F32Sign)).AsByte(),
        0xE3 => Vector128.Sqrt(a.AsSingle()).AsByte(),
        0xEC => (a.AsUInt64() & Vector128.Create(~F64Sign)).AsByte(),
        0xED => (a.AsUInt64() ^ Vector128.Create(F64Sign)).AsByte(),
        0xEF => Vector128.Sqrt(a.AsDouble()).AsByte(),
        _ => throw SimdLanes.Bad(code),
    };

    /// <summary>Conversions between lane types: saturating truncations, integer to float, demote and promote.</summary>
    public static Vector128<byte> Convert(int code, Vector128<byte> a) => code switch
    {
        0x5E => LaneMap.Convert<double, float>(a, static x => (float)x),
        0x5F => LaneMap.Convert<float, double>(a, static x => x),
        0xF8 => LaneMap.Map<uint>(a, static x => Numerics.I32TruncSatF32S(BitConverter.UInt32BitsToSingle(x))),
        0xF9 => LaneMap.Map<uint>(a, static x => Numerics.I32TruncSatF32U(BitConverter.UInt32BitsToSingle(x))),
        0xFA => LaneMap.Convert<int, float>(a, static x => x),
        0xFB => LaneMap.Convert<uint, float>(a, static x => (float)(double)x),
        0xFC => LaneMap.Convert<double, uint>(a, Numerics.I32TruncSatF64S),
        0xFD => LaneMap.Convert<double, uint>(a, Numerics.I32TruncSatF64U),
        0xFE => LaneMap.Convert<int, double>(a, static x => x),
        0xFF => LaneMap.Convert<uint, double>(a, static x => x),
        _ => throw SimdLanes.Bad(code),
    };
}
