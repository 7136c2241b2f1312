using System.Numerics;
using System.Runtime.CompilerServices;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The numeric ops of the internal code as small static functions on raw slot values (i32/f32 zero-extended), one
/// per <see cref="Op"/> of the same name. The compiled tier calls them (the JIT inlines them); the result of a
/// comparison-and-branch op is whether the branch is taken.
/// </summary>
internal static class OpSemantics
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Eqz(ulong x0)
    {
        var a = (uint)x0;
        return (a == 0) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Eq(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a == b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Ne(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a != b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LtS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return ((int)a < (int)b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LtU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a < b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GtS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return ((int)a > (int)b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GtU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a > b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LeS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return ((int)a <= (int)b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LeU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a <= b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GeS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return ((int)a >= (int)b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GeU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a >= b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Clz(ulong x0)
    {
        var a = (uint)x0;
        return (uint)BitOperations.LeadingZeroCount(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Ctz(ulong x0)
    {
        var a = (uint)x0;
        return (uint)BitOperations.TrailingZeroCount(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Popcnt(ulong x0)
    {
        var a = (uint)x0;
        return (uint)BitOperations.PopCount(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Add(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a + b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Sub(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a - b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Mul(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a * b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32DivS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return Numerics.I32DivS(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32DivU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return Numerics.I32DivU(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32RemS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return Numerics.I32RemS(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32RemU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return Numerics.I32RemU(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32And(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a & b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Or(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a | b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Xor(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a ^ b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Shl(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a << (int)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32ShrS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (uint)((int)a >> (int)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32ShrU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a >> (int)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Rotl(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return BitOperations.RotateLeft(a, (int)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Rotr(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return BitOperations.RotateRight(a, (int)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Eqz(ulong x0)
    {
        var a = x0;
        return (a == 0) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Eq(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a == b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Ne(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a != b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LtS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return ((long)a < (long)b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LtU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a < b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GtS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return ((long)a > (long)b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GtU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a > b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LeS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return ((long)a <= (long)b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LeU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a <= b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GeS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return ((long)a >= (long)b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GeU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a >= b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Clz(ulong x0)
    {
        var a = x0;
        return (ulong)BitOperations.LeadingZeroCount(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Ctz(ulong x0)
    {
        var a = x0;
        return (ulong)BitOperations.TrailingZeroCount(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Popcnt(ulong x0)
    {
        var a = x0;
        return (ulong)BitOperations.PopCount(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Add(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a + b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Sub(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a - b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Mul(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a * b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64DivS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return Numerics.I64DivS(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64DivU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return Numerics.I64DivU(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64RemS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return Numerics.I64RemS(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64RemU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return Numerics.I64RemU(a, b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64And(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a & b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Or(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a | b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Xor(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a ^ b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Shl(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a << (int)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ShrS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (ulong)((long)a >> (int)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ShrU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a >> (int)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Rotl(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return BitOperations.RotateLeft(a, (int)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Rotr(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return BitOperations.RotateRight(a, (int)b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Eq(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return (a == b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Ne(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return (a != b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Lt(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return (a < b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Gt(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return (a > b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Le(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return (a <= b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Ge(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return (a >= b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Abs(ulong x0)
    {
        var a = (uint)x0;
        return a & 0x7FFF_FFFFu;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Neg(ulong x0)
    {
        var a = (uint)x0;
        return a ^ 0x8000_0000u;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Ceil(ulong x0)
    {
        var a = F32(x0);
        return F32Bits(MathF.Ceiling(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Floor(ulong x0)
    {
        var a = F32(x0);
        return F32Bits(MathF.Floor(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Trunc(ulong x0)
    {
        var a = F32(x0);
        return F32Bits(MathF.Truncate(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Nearest(ulong x0)
    {
        var a = F32(x0);
        return F32Bits(MathF.Round(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Sqrt(ulong x0)
    {
        var a = F32(x0);
        return F32Bits(MathF.Sqrt(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Add(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return F32Bits(a + b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Sub(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return F32Bits(a - b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Mul(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return F32Bits(a * b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Div(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return F32Bits(a / b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Min(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return F32Bits(Numerics.F32Min(a, b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Max(ulong x0, ulong x1)
    {
        var a = F32(x0);
        var b = F32(x1);
        return F32Bits(Numerics.F32Max(a, b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Copysign(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a & 0x7FFF_FFFFu) | (b & 0x8000_0000u);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Eq(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return (a == b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Ne(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return (a != b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Lt(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return (a < b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Gt(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return (a > b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Le(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return (a <= b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Ge(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return (a >= b) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Abs(ulong x0)
    {
        var a = x0;
        return a & 0x7FFF_FFFF_FFFF_FFFFul;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Neg(ulong x0)
    {
        var a = x0;
        return a ^ 0x8000_0000_0000_0000ul;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Ceil(ulong x0)
    {
        var a = F64(x0);
        return F64Bits(Math.Ceiling(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Floor(ulong x0)
    {
        var a = F64(x0);
        return F64Bits(Math.Floor(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Trunc(ulong x0)
    {
        var a = F64(x0);
        return F64Bits(Math.Truncate(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Nearest(ulong x0)
    {
        var a = F64(x0);
        return F64Bits(Math.Round(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Sqrt(ulong x0)
    {
        var a = F64(x0);
        return F64Bits(Math.Sqrt(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Add(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return F64Bits(a + b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Sub(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return F64Bits(a - b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Mul(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return F64Bits(a * b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Div(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return F64Bits(a / b);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Min(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return F64Bits(Numerics.F64Min(a, b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Max(ulong x0, ulong x1)
    {
        var a = F64(x0);
        var b = F64(x1);
        return F64Bits(Numerics.F64Max(a, b));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Copysign(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a & 0x7FFF_FFFF_FFFF_FFFFul) | (b & 0x8000_0000_0000_0000ul);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32WrapI64(ulong x0)
    {
        var a = x0;
        return (uint)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF32S(ulong x0)
    {
        var a = F32(x0);
        return Numerics.I32TruncF32S(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF32S(ulong x0)
    {
        var a = F32(x0);
        return Numerics.I32TruncSatF32S(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF32U(ulong x0)
    {
        var a = F32(x0);
        return Numerics.I32TruncF32U(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF32U(ulong x0)
    {
        var a = F32(x0);
        return Numerics.I32TruncSatF32U(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF64S(ulong x0)
    {
        var a = F64(x0);
        return Numerics.I32TruncF64S(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF64S(ulong x0)
    {
        var a = F64(x0);
        return Numerics.I32TruncSatF64S(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF64U(ulong x0)
    {
        var a = F64(x0);
        return Numerics.I32TruncF64U(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF64U(ulong x0)
    {
        var a = F64(x0);
        return Numerics.I32TruncSatF64U(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF32S(ulong x0)
    {
        var a = F32(x0);
        return Numerics.I64TruncF32S(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF32S(ulong x0)
    {
        var a = F32(x0);
        return Numerics.I64TruncSatF32S(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF32U(ulong x0)
    {
        var a = F32(x0);
        return Numerics.I64TruncF32U(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF32U(ulong x0)
    {
        var a = F32(x0);
        return Numerics.I64TruncSatF32U(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF64S(ulong x0)
    {
        var a = F64(x0);
        return Numerics.I64TruncF64S(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF64S(ulong x0)
    {
        var a = F64(x0);
        return Numerics.I64TruncSatF64S(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF64U(ulong x0)
    {
        var a = F64(x0);
        return Numerics.I64TruncF64U(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF64U(ulong x0)
    {
        var a = F64(x0);
        return Numerics.I64TruncSatF64U(a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ExtendI32S(ulong x0)
    {
        var a = (uint)x0;
        return (ulong)(long)(int)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ExtendI32U(ulong x0)
    {
        var a = (uint)x0;
        return (ulong)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32ConvertI32S(ulong x0)
    {
        var a = (uint)x0;
        return F32Bits((float)(int)a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32ConvertI32U(ulong x0)
    {
        var a = (uint)x0;
        return F32Bits((float)a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32ConvertI64S(ulong x0)
    {
        var a = x0;
        return F32Bits((float)(long)a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32ConvertI64U(ulong x0)
    {
        var a = x0;
        return F32Bits(Numerics.F32ConvertU64(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32DemoteF64(ulong x0)
    {
        var a = F64(x0);
        return F32Bits((float)a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI32S(ulong x0)
    {
        var a = (uint)x0;
        return F64Bits((double)(int)a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI32U(ulong x0)
    {
        var a = (uint)x0;
        return F64Bits((double)a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI64S(ulong x0)
    {
        var a = x0;
        return F64Bits((double)(long)a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI64U(ulong x0)
    {
        var a = x0;
        return F64Bits(Numerics.F64ConvertU64(a));
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64PromoteF32(ulong x0)
    {
        var a = F32(x0);
        return F64Bits((double)a);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Extend8S(ulong x0)
    {
        var a = (uint)x0;
        return (uint)(sbyte)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Extend16S(ulong x0)
    {
        var a = (uint)x0;
        return (uint)(short)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Extend8S(ulong x0)
    {
        var a = x0;
        return (ulong)(sbyte)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Extend16S(ulong x0)
    {
        var a = x0;
        return (ulong)(short)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Extend32S(ulong x0)
    {
        var a = x0;
        return (ulong)(int)a;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32AddImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a + (uint)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32MulImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a * (uint)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32AndImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a & (uint)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32OrImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a | (uint)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32XorImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a ^ (uint)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32ShlImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a << imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32ShrSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (uint)((int)a >> imm);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32ShrUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a >> imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32EqImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a == (uint)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32NeImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a != (uint)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LtSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return ((int)a < imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LtUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a < (uint)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GtSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return ((int)a > imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GtUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a > (uint)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LeSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return ((int)a <= imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LeUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a <= (uint)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GeSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return ((int)a >= imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GeUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a >= (uint)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64AddImm(ulong x0, int imm)
    {
        var a = x0;
        return a + (ulong)(long)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64MulImm(ulong x0, int imm)
    {
        var a = x0;
        return a * (ulong)(long)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64AndImm(ulong x0, int imm)
    {
        var a = x0;
        return a & (ulong)(long)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64OrImm(ulong x0, int imm)
    {
        var a = x0;
        return a | (ulong)(long)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64XorImm(ulong x0, int imm)
    {
        var a = x0;
        return a ^ (ulong)(long)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ShlImm(ulong x0, int imm)
    {
        var a = x0;
        return a << imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ShrSImm(ulong x0, int imm)
    {
        var a = x0;
        return (ulong)((long)a >> imm);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ShrUImm(ulong x0, int imm)
    {
        var a = x0;
        return a >> imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64EqImm(ulong x0, int imm)
    {
        var a = x0;
        return (a == (ulong)(long)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64NeImm(ulong x0, int imm)
    {
        var a = x0;
        return (a != (ulong)(long)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LtSImm(ulong x0, int imm)
    {
        var a = x0;
        return ((long)a < imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LtUImm(ulong x0, int imm)
    {
        var a = x0;
        return (a < (ulong)(long)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GtSImm(ulong x0, int imm)
    {
        var a = x0;
        return ((long)a > imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GtUImm(ulong x0, int imm)
    {
        var a = x0;
        return (a > (ulong)(long)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LeSImm(ulong x0, int imm)
    {
        var a = x0;
        return ((long)a <= imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LeUImm(ulong x0, int imm)
    {
        var a = x0;
        return (a <= (ulong)(long)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GeSImm(ulong x0, int imm)
    {
        var a = x0;
        return ((long)a >= imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GeUImm(ulong x0, int imm)
    {
        var a = x0;
        return (a >= (ulong)(long)imm) ? 1UL : 0UL;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32Eq(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a == b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32EqImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a == (uint)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32Ne(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a != b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32NeImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a != (uint)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LtS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (int)a < (int)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LtSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (int)a < imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LtU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a < b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LtUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a < (uint)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GtS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (int)a > (int)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GtSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (int)a > imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GtU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a > b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GtUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a > (uint)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LeS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (int)a <= (int)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LeSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (int)a <= imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LeU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a <= b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LeUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a <= (uint)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GeS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (int)a >= (int)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GeSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (int)a >= imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GeU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a >= b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GeUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a >= (uint)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64Eq(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a == b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64EqImm(ulong x0, int imm)
    {
        var a = x0;
        return a == (ulong)(long)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64Ne(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a != b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64NeImm(ulong x0, int imm)
    {
        var a = x0;
        return a != (ulong)(long)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LtS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (long)a < (long)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LtSImm(ulong x0, int imm)
    {
        var a = x0;
        return (long)a < imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LtU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a < b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LtUImm(ulong x0, int imm)
    {
        var a = x0;
        return a < (ulong)(long)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GtS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (long)a > (long)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GtSImm(ulong x0, int imm)
    {
        var a = x0;
        return (long)a > imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GtU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a > b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GtUImm(ulong x0, int imm)
    {
        var a = x0;
        return a > (ulong)(long)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LeS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (long)a <= (long)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LeSImm(ulong x0, int imm)
    {
        var a = x0;
        return (long)a <= imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LeU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a <= b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LeUImm(ulong x0, int imm)
    {
        var a = x0;
        return a <= (ulong)(long)imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GeS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (long)a >= (long)b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GeSImm(ulong x0, int imm)
    {
        var a = x0;
        return (long)a >= imm;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GeU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a >= b;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GeUImm(ulong x0, int imm)
    {
        var a = x0;
        return a >= (ulong)(long)imm;
    }
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static float F32(ulong bits) => BitConverter.UInt32BitsToSingle((uint)bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong F32Bits(float value) => BitConverter.SingleToUInt32Bits(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double F64(ulong bits) => BitConverter.UInt64BitsToDouble(bits);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong F64Bits(double value) => BitConverter.DoubleToUInt64Bits(value);
}
