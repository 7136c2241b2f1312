using System.Diagnostics.CodeAnalysis;
using System.Runtime.CompilerServices;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The numeric operations whose wasm semantics differ from a plain C# operator: trapping division and truncation,
/// saturating truncation, IEEE min/max with the spec's NaN and signed-zero rules, exact unsigned 64-bit conversions.
/// </summary>
internal static class Numerics
{
    // ---- Integer division: traps on a zero divisor and on INT_MIN / -1. ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint I32DivS(uint a, uint b)
    {
        if (b == 0)
        {
            Trap(TrapMessages.IntegerDivideByZero);
        }

        if ((int)b == -1 && (int)a == int.MinValue)
        {
            Trap(TrapMessages.IntegerOverflow);
        }

        return (uint)((int)a / (int)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint I32DivU(uint a, uint b)
    {
        if (b == 0)
        {
            Trap(TrapMessages.IntegerDivideByZero);
        }

        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint I32RemS(uint a, uint b)
    {
        if (b == 0)
        {
            Trap(TrapMessages.IntegerDivideByZero);
        }

        // INT_MIN % -1 is 0 in wasm, but overflows in the hardware's division.
        return (int)b == -1 ? 0 : (uint)((int)a % (int)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static uint I32RemU(uint a, uint b)
    {
        if (b == 0)
        {
            Trap(TrapMessages.IntegerDivideByZero);
        }

        return a % b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64DivS(ulong a, ulong b)
    {
        if (b == 0)
        {
            Trap(TrapMessages.IntegerDivideByZero);
        }

        if ((long)b == -1 && (long)a == long.MinValue)
        {
            Trap(TrapMessages.IntegerOverflow);
        }

        return (ulong)((long)a / (long)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64DivU(ulong a, ulong b)
    {
        if (b == 0)
        {
            Trap(TrapMessages.IntegerDivideByZero);
        }

        return a / b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64RemS(ulong a, ulong b)
    {
        if (b == 0)
        {
            Trap(TrapMessages.IntegerDivideByZero);
        }

        return (long)b == -1 ? 0 : (ulong)((long)a % (long)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64RemU(ulong a, ulong b)
    {
        if (b == 0)
        {
            Trap(TrapMessages.IntegerDivideByZero);
        }

        return a % b;
    }

    // ---- Arithmetic NaNs in compiled bodies: the hardware quiets a signalling NaN operand of an arithmetic op, but the
    // JIT folds x - 0, x * 1 and the like to x when the other operand is a constant it can see, which would pass a
    // signalling NaN through unchanged where wasm wants an arithmetic NaN (quiet bit set). The CIL tier applies these
    // to such an op's result when an operand is a constant in the same straight-line code (and f64.promote_f32 to
    // its own, see FloatSemantics). ----

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float QuietF32(float value) => float.IsNaN(value) ? BitConverter.UInt32BitsToSingle(BitConverter.SingleToUInt32Bits(value) | 0x0040_0000u) : value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double QuietF64(double value) => double.IsNaN(value) ? BitConverter.UInt64BitsToDouble(BitConverter.DoubleToUInt64Bits(value) | 0x0008_0000_0000_0000UL) : value;

    // ---- min/max: NaN if either operand is NaN; -0 is less than +0. ----

    public static float F32Min(float a, float b)
    {
        if (a < b)
        {
            return a;
        }

        if (b < a)
        {
            return b;
        }

        // Equal (only the sign of zero can differ: min prefers the negative one) or unordered (a NaN propagates).
        return a == b ? BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) | BitConverter.SingleToInt32Bits(b)) : a + b;
    }

    public static float F32Max(float a, float b)
    {
        if (a > b)
        {
            return a;
        }

        if (b > a)
        {
            return b;
        }

        return a == b ? BitConverter.Int32BitsToSingle(BitConverter.SingleToInt32Bits(a) & BitConverter.SingleToInt32Bits(b)) : a + b;
    }

    public static double F64Min(double a, double b)
    {
        if (a < b)
        {
            return a;
        }

        if (b < a)
        {
            return b;
        }

        return a == b ? BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) | BitConverter.DoubleToInt64Bits(b)) : a + b;
    }

    public static double F64Max(double a, double b)
    {
        if (a > b)
        {
            return a;
        }

        if (b > a)
        {
            return b;
        }

        return a == b ? BitConverter.Int64BitsToDouble(BitConverter.DoubleToInt64Bits(a) & BitConverter.DoubleToInt64Bits(b)) : a + b;
    }

    // ---- Exact unsigned 64-bit to float conversions (one rounding step, as the spec requires). ----

    public static float F32ConvertU64(ulong a)
    {
        if ((long)a >= 0)
        {
            return (long)a;
        }

        // Halve, keeping the lost bit as a sticky bit so that the single rounding below is still correct.
        return (long)((a >> 1) | (a & 1)) * 2f;
    }

    public static double F64ConvertU64(ulong a)
    {
        if ((long)a >= 0)
        {
            return (long)a;
        }

        return (long)((a >> 1) | (a & 1)) * 2d;
    }

    // ---- Trapping truncations: the bounds are exclusive and exactly representable (the value just outside the range). ----

    public static uint I32TruncF32S(float a) => (uint)(int)CheckRange(a, -2147483904f, 2147483648f);

    public static uint I32TruncF32U(float a) => (uint)CheckRange(a, -1f, 4294967296f);

    public static uint I32TruncF64S(double a) => (uint)(int)CheckRange(a, -2147483649d, 2147483648d);

    public static uint I32TruncF64U(double a) => (uint)CheckRange(a, -1d, 4294967296d);

    public static ulong I64TruncF32S(float a) => (ulong)(long)CheckRange(a, -9223373136366403584f, 9223372036854775808f);

    public static ulong I64TruncF32U(float a) => (ulong)CheckRange(a, -1f, 18446744073709551616f);

    public static ulong I64TruncF64S(double a) => (ulong)(long)CheckRange(a, -9223372036854777856d, 9223372036854775808d);

    public static ulong I64TruncF64U(double a) => (ulong)CheckRange(a, -1d, 18446744073709551616d);

    // ---- Saturating truncations: NaN is 0, out-of-range values clamp. ----

    public static uint I32TruncSatF32S(float a) =>
        float.IsNaN(a) ? 0 : a <= -2147483648f ? unchecked((uint)int.MinValue) : a >= 2147483648f ? int.MaxValue : (uint)(int)a;

    public static uint I32TruncSatF32U(float a) =>
        float.IsNaN(a) || a <= 0f ? 0 : a >= 4294967296f ? uint.MaxValue : (uint)a;

    public static uint I32TruncSatF64S(double a) =>
        double.IsNaN(a) ? 0 : a <= -2147483648d ? unchecked((uint)int.MinValue) : a >= 2147483648d ? int.MaxValue : (uint)(int)a;

    public static uint I32TruncSatF64U(double a) =>
        double.IsNaN(a) || a <= 0d ? 0 : a >= 4294967296d ? uint.MaxValue : (uint)a;

    public static ulong I64TruncSatF32S(float a) =>
        float.IsNaN(a) ? 0 : a <= -9223372036854775808f ? unchecked((ulong)long.MinValue) : a >= 9223372036854775808f ? long.MaxValue : (ulong)(long)a;

    public static ulong I64TruncSatF32U(float a) =>
        float.IsNaN(a) || a <= 0f ? 0 : a >= 18446744073709551616f ? ulong.MaxValue : (ulong)a;

    public static ulong I64TruncSatF64S(double a) =>
        double.IsNaN(a) ? 0 : a <= -9223372036854775808d ? unchecked((ulong)long.MinValue) : a >= 9223372036854775808d ? long.MaxValue : (ulong)(long)a;

    public static ulong I64TruncSatF64U(double a) =>
        double.IsNaN(a) || a <= 0d ? 0 : a >= 18446744073709551616d ? ulong.MaxValue : (ulong)a;

    [DoesNotReturn]
    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Trap(string message) => throw new WasmTrapException(message);

    /// <summary>Returns <paramref name="a"/> if it truncates into the open interval (low, high); traps otherwise.</summary>
    private static float CheckRange(float a, float low, float high)
    {
        if (float.IsNaN(a))
        {
            Trap(TrapMessages.InvalidConversionToInteger);
        }

        if (!(a > low && a < high))
        {
            Trap(TrapMessages.IntegerOverflow);
        }

        return a;
    }

    private static double CheckRange(double a, double low, double high)
    {
        if (double.IsNaN(a))
        {
            Trap(TrapMessages.InvalidConversionToInteger);
        }

        if (!(a > low && a < high))
        {
            Trap(TrapMessages.IntegerOverflow);
        }

        return a;
    }
}
