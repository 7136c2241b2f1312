using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WasmActors.Wasm.Execution;

/// <summary>The [v128] -> [v128] instructions: not, integer abs/neg/popcnt, extensions, pairwise sums, and the float ones (<see cref="SimdFloat"/>).</summary>
// No zeroing of the frame (these switches hold many vector temporaries): every local and stack buffer is written before it is read.
[SkipLocalsInit]
internal static class SimdUnary
{
    public static Vector128<byte> Apply(int code, Vector128<byte> a) => code switch
    {
        0x4D => ~a,
        0x5E or 0x5F or >= 0xF8 => SimdFloat.Convert(code, a),
        0x60 => LaneMap.Map<sbyte>(a, static x => unchecked((sbyte)Math.Abs((int)x))),
        0x61 => (Vector128<byte>.Zero - a),
        0x62 => LaneMap.Map<byte>(a, static x => (byte)BitOperations.PopCount(x)),
        >= 0x7C and <= 0x7F => SimdSaturating.ExtaddPairwise(code, a),
        0x80 => LaneMap.Map<short>(a, static x => unchecked((short)Math.Abs((int)x))),
        0x81 => (Vector128<ushort>.Zero - a.AsUInt16()).AsByte(),
        0x87 => Vector128.WidenLower(a.AsSByte()).AsByte(),
        0x88 => Vector128.WidenUpper(a.AsSByte()).AsByte(),
        0x89 => Vector128.WidenLower(a).AsByte(),
        0x8A => Vector128.WidenUpper(a).AsByte(),
        0xA0 => LaneMap.Map<int>(a, static x => x == int.MinValue ? x : Math.Abs(x)),
        0xA1 => (Vector128<uint>.Zero - a.AsUInt32()).AsByte(),
        0xA7 => Vector128.WidenLower(a.AsInt16()).AsByte(),
        0xA8 => Vector128.WidenUpper(a.AsInt16()).AsByte(),
        0xA9 => Vector128.WidenLower(a.AsUInt16()).AsByte(),
        0xAA => Vector128.WidenUpper(a.AsUInt16()).AsByte(),
        0xC0 => LaneMap.Map<long>(a, static x => x == long.MinValue ? x : Math.Abs(x)),
        0xC1 => (Vector128<ulong>.Zero - a.AsUInt64()).AsByte(),
        0xC7 => Vector128.WidenLower(a.AsInt32()).AsByte(),
        0xC8 => Vector128.WidenUpper(a.AsInt32()).AsByte(),
        0xC9 => Vector128.WidenLower(a.AsUInt32()).AsByte(),
        0xCA => Vector128.WidenUpper(a.AsUInt32()).AsByte(),
        _ => SimdFloat.Unary(code, a),
    };
}
