using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace WasmActors.Wasm.Execution;

/// <summary>Lane moves and tests: splat, extract/replace lane, shuffle, shifts, any_true/all_true/bitmask.</summary>
// No zeroing of the frame (these switches hold many vector temporaries): every local and stack buffer is written before it is read.
[SkipLocalsInit]
internal static class SimdLanes
{
    // Splat, Extract and Replace are inlined: where the code and lane are constants (the CIL tier), one case is left.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Splat(int code, ulong value) => code switch
    {
        0x0F => Vector128.Create((byte)value),
        0x10 => Vector128.Create((ushort)value).AsByte(),
        0x11 or 0x13 => Vector128.Create((uint)value).AsByte(),
        0x12 or 0x14 => Vector128.Create(value).AsByte(),
        _ => throw Bad(code),
    };

    /// <summary>The lane as a slot value: i32 and f32 zero-extended, the signed narrow forms sign-extended to 32 bits first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong Extract(int code, Vector128<byte> a, int lane) => code switch
    {
        0x15 => (uint)(int)a.AsSByte().GetElement(lane),
        0x16 => a.GetElement(lane),
        0x18 => (uint)(int)a.AsInt16().GetElement(lane),
        0x19 => a.AsUInt16().GetElement(lane),
        0x1B or 0x1F => a.AsUInt32().GetElement(lane),
        0x1D or 0x21 => a.AsUInt64().GetElement(lane),
        _ => throw Bad(code),
    };

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector128<byte> Replace(int code, Vector128<byte> a, ulong value, int lane) => code switch
    {
        0x17 => a.WithElement(lane, (byte)value),
        0x1A => a.AsUInt16().WithElement(lane, (ushort)value).AsByte(),
        0x1C or 0x20 => a.AsUInt32().WithElement(lane, (uint)value).AsByte(),
        0x1E or 0x22 => a.AsUInt64().WithElement(lane, value).AsByte(),
        _ => throw Bad(code),
    };

    /// <summary>i8x16.shuffle: result byte i is byte <c>indices[i]</c> of the 32 bytes of a then b (indices below 32, as validated).</summary>
    public static Vector128<byte> Shuffle(Vector128<byte> a, Vector128<byte> b, ref int indices)
    {
        Span<byte> both = stackalloc byte[32];
        a.CopyTo(both);
        b.CopyTo(both[16..]);
        Span<byte> result = stackalloc byte[16];
        for (var i = 0; i < 16; i++)
        {
            var index = (byte)(System.Runtime.CompilerServices.Unsafe.Add(ref indices, i >> 2) >> (8 * (i & 3)));
            result[i] = both[index & 31];
        }

        return Vector128.Create<byte>(result);
    }

    /// <summary>i8x16.swizzle: byte i is byte <c>b[i]</c> of a, or 0 when that index is 16 or more.</summary>
    public static Vector128<byte> Swizzle(Vector128<byte> a, Vector128<byte> b)
    {
        Span<byte> result = stackalloc byte[16];
        for (var i = 0; i < 16; i++)
        {
            var index = b.GetElement(i);
            result[i] = index < 16 ? a.GetElement(index) : (byte)0;
        }

        return Vector128.Create<byte>(result);
    }

    /// <summary>Shifts by the i32 operand modulo the lane width.</summary>
    public static Vector128<byte> Shift(int code, Vector128<byte> a, int count) => code switch
    {
        0x6B => Vector128.ShiftLeft(a, count & 7),
        0x6C => Vector128.ShiftRightArithmetic(a.AsSByte(), count & 7).AsByte(),
        0x6D => Vector128.ShiftRightLogical(a, count & 7),
        0x8B => Vector128.ShiftLeft(a.AsUInt16(), count & 15).AsByte(),
        0x8C => Vector128.ShiftRightArithmetic(a.AsInt16(), count & 15).AsByte(),
        0x8D => Vector128.ShiftRightLogical(a.AsUInt16(), count & 15).AsByte(),
        0xAB => Vector128.ShiftLeft(a.AsUInt32(), count & 31).AsByte(),
        0xAC => Vector128.ShiftRightArithmetic(a.AsInt32(), count & 31).AsByte(),
        0xAD => Vector128.ShiftRightLogical(a.AsUInt32(), count & 31).AsByte(),
        0xCB => Vector128.ShiftLeft(a.AsUInt64(), count & 63).AsByte(),
        0xCC => Vector128.ShiftRightArithmetic(a.AsInt64(), count & 63).AsByte(),
        0xCD => Vector128.ShiftRightLogical(a.AsUInt64(), count & 63).AsByte(),
        _ => throw Bad(code),
    };

    /// <summary>v128.any_true, all_true and bitmask; the i32 result as a slot value.</summary>
    public static ulong Test(int code, Vector128<byte> a) => code switch
    {
        0x53 => Bool(a != Vector128<byte>.Zero),
        0x63 => Bool(!Vector128.EqualsAny(a, Vector128<byte>.Zero)),
        0x64 => Vector128.ExtractMostSignificantBits(a),
        0x83 => Bool(!Vector128.EqualsAny(a.AsUInt16(), Vector128<ushort>.Zero)),
        0x84 => Vector128.ExtractMostSignificantBits(a.AsUInt16()),
        0xA3 => Bool(!Vector128.EqualsAny(a.AsUInt32(), Vector128<uint>.Zero)),
        0xA4 => Vector128.ExtractMostSignificantBits(a.AsUInt32()),
        0xC3 => Bool(!Vector128.EqualsAny(a.AsUInt64(), Vector128<ulong>.Zero)),
        0xC4 => Vector128.ExtractMostSignificantBits(a.AsUInt64()),
        _ => throw Bad(code),
    };

    public static InvalidOperationException Bad(int code) => new($"bad internal SIMD code 0x{code:x2}");

    private static ulong Bool(bool value) => value ? 1UL : 0UL;
}
