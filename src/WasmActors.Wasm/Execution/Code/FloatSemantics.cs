using System.Runtime.CompilerServices;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The float ops of <see cref="OpSemantics"/> on typed values: each op there of the same name is this function between
/// the bit conversions of its slots. Compiled bodies call these directly, so a value the CIL tier holds in a
/// <c>double</c> (or <c>float</c>) local reaches the arithmetic without a round trip through an integer register.
/// </summary>
internal static class FloatSemantics
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Eq(float a, float b) => (a == b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Ne(float a, float b) => (a != b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Lt(float a, float b) => (a < b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Gt(float a, float b) => (a > b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Le(float a, float b) => (a <= b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Ge(float a, float b) => (a >= b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Ceil(float a) => MathF.Ceiling(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Floor(float a) => MathF.Floor(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Trunc(float a) => MathF.Truncate(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Nearest(float a) => MathF.Round(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Sqrt(float a) => MathF.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Add(float a, float b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Sub(float a, float b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Mul(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Div(float a, float b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Min(float a, float b) => Numerics.F32Min(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32Max(float a, float b) => Numerics.F32Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Eq(double a, double b) => (a == b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Ne(double a, double b) => (a != b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Lt(double a, double b) => (a < b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Gt(double a, double b) => (a > b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Le(double a, double b) => (a <= b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Ge(double a, double b) => (a >= b) ? 1UL : 0UL;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Ceil(double a) => Math.Ceiling(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Floor(double a) => Math.Floor(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Trunc(double a) => Math.Truncate(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Nearest(double a) => Math.Round(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Sqrt(double a) => Math.Sqrt(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Add(double a, double b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Sub(double a, double b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Mul(double a, double b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Div(double a, double b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Min(double a, double b) => Numerics.F64Min(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64Max(double a, double b) => Numerics.F64Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF32S(float a) => Numerics.I32TruncF32S(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF32S(float a) => Numerics.I32TruncSatF32S(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF32U(float a) => Numerics.I32TruncF32U(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF32U(float a) => Numerics.I32TruncSatF32U(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF64S(double a) => Numerics.I32TruncF64S(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF64S(double a) => Numerics.I32TruncSatF64S(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF64U(double a) => Numerics.I32TruncF64U(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF64U(double a) => Numerics.I32TruncSatF64U(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF32S(float a) => Numerics.I64TruncF32S(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF32S(float a) => Numerics.I64TruncSatF32S(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF32U(float a) => Numerics.I64TruncF32U(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF32U(float a) => Numerics.I64TruncSatF32U(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF64S(double a) => Numerics.I64TruncF64S(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF64S(double a) => Numerics.I64TruncSatF64S(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF64U(double a) => Numerics.I64TruncF64U(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF64U(double a) => Numerics.I64TruncSatF64U(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI32S(ulong x0)
    {
        var a = (uint)x0;
        return (float)(int)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI32U(ulong x0)
    {
        var a = (uint)x0;
        return (float)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI64S(ulong x0)
    {
        var a = x0;
        return (float)(long)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32ConvertI64U(ulong x0)
    {
        var a = x0;
        return Numerics.F32ConvertU64(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float F32DemoteF64(double a) => (float)a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI32S(ulong x0)
    {
        var a = (uint)x0;
        return (double)(int)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI32U(ulong x0)
    {
        var a = (uint)x0;
        return (double)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI64S(ulong x0)
    {
        var a = x0;
        return (double)(long)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64ConvertI64U(ulong x0)
    {
        var a = x0;
        return Numerics.F64ConvertU64(a);
    }

    /// <summary>
    /// The conversion quiets a signalling NaN, and so does the explicit quieting, which changes nothing else: it keeps
    /// the JIT from folding a demote of this promote back to the f32 operand, signalling NaN and all.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static double F64PromoteF32(float a) => Numerics.QuietF64((double)a);
}
