using System.Numerics;
using System.Runtime.CompilerServices;
using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The numeric ops of the internal code, each declared once here: an <see cref="OpAttribute"/> on a small static
/// function on raw slot values (i32/f32 zero-extended) makes it the semantics of the <see cref="Op"/> of the same
/// name, its signature the op's layout. Both tiers call them (the JIT inlines them): the interpreter's cases for them
/// are generated, and compiled bodies call them through <see cref="OpMethods"/>. The result of a
/// comparison-and-branch op is whether the branch is taken. A float op's arithmetic is its <see cref="FloatSemantics"/>
/// function of the same name, on typed values, which compiled bodies call directly.
/// </summary>
internal static class OpSemantics
{
    [Op(Opcode.I32Eqz)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Eqz(ulong x0)
    {
        var a = (uint)x0;
        return (a == 0) ? 1UL : 0UL;
    }

    [Op(Opcode.I32Eq, Immediate = nameof(I32EqImm), Branch = nameof(BrIfI32Eq))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Eq(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a == b) ? 1UL : 0UL;
    }

    [Op(Opcode.I32Ne, Immediate = nameof(I32NeImm), Branch = nameof(BrIfI32Ne))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Ne(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a != b) ? 1UL : 0UL;
    }

    [Op(Opcode.I32LtS, Immediate = nameof(I32LtSImm), Branch = nameof(BrIfI32LtS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LtS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return ((int)a < (int)b) ? 1UL : 0UL;
    }

    [Op(Opcode.I32LtU, Immediate = nameof(I32LtUImm), Branch = nameof(BrIfI32LtU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LtU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a < b) ? 1UL : 0UL;
    }

    [Op(Opcode.I32GtS, Immediate = nameof(I32GtSImm), Branch = nameof(BrIfI32GtS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GtS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return ((int)a > (int)b) ? 1UL : 0UL;
    }

    [Op(Opcode.I32GtU, Immediate = nameof(I32GtUImm), Branch = nameof(BrIfI32GtU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GtU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a > b) ? 1UL : 0UL;
    }

    [Op(Opcode.I32LeS, Immediate = nameof(I32LeSImm), Branch = nameof(BrIfI32LeS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LeS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return ((int)a <= (int)b) ? 1UL : 0UL;
    }

    [Op(Opcode.I32LeU, Immediate = nameof(I32LeUImm), Branch = nameof(BrIfI32LeU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LeU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a <= b) ? 1UL : 0UL;
    }

    [Op(Opcode.I32GeS, Immediate = nameof(I32GeSImm), Branch = nameof(BrIfI32GeS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GeS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return ((int)a >= (int)b) ? 1UL : 0UL;
    }

    [Op(Opcode.I32GeU, Immediate = nameof(I32GeUImm), Branch = nameof(BrIfI32GeU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GeU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a >= b) ? 1UL : 0UL;
    }

    [Op(Opcode.I32Clz)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Clz(ulong x0)
    {
        var a = (uint)x0;
        return (uint)BitOperations.LeadingZeroCount(a);
    }

    [Op(Opcode.I32Ctz)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Ctz(ulong x0)
    {
        var a = (uint)x0;
        return (uint)BitOperations.TrailingZeroCount(a);
    }

    [Op(Opcode.I32Popcnt)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Popcnt(ulong x0)
    {
        var a = (uint)x0;
        return (uint)BitOperations.PopCount(a);
    }

    [Op(Opcode.I32Add, Immediate = nameof(I32AddImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Add(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a + b;
    }

    [Op(Opcode.I32Sub)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Sub(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a - b;
    }

    [Op(Opcode.I32Mul, Immediate = nameof(I32MulImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Mul(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a * b;
    }

    [Op(Opcode.I32DivS)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32DivS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return Numerics.I32DivS(a, b);
    }

    [Op(Opcode.I32DivU)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32DivU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return Numerics.I32DivU(a, b);
    }

    [Op(Opcode.I32RemS)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32RemS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return Numerics.I32RemS(a, b);
    }

    [Op(Opcode.I32RemU)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32RemU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return Numerics.I32RemU(a, b);
    }

    [Op(Opcode.I32And, Immediate = nameof(I32AndImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32And(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a & b;
    }

    [Op(Opcode.I32Or, Immediate = nameof(I32OrImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Or(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a | b;
    }

    [Op(Opcode.I32Xor, Immediate = nameof(I32XorImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Xor(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a ^ b;
    }

    [Op(Opcode.I32Shl, Immediate = nameof(I32ShlImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Shl(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a << (int)b;
    }

    [Op(Opcode.I32ShrS, Immediate = nameof(I32ShrSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32ShrS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (uint)((int)a >> (int)b);
    }

    [Op(Opcode.I32ShrU, Immediate = nameof(I32ShrUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32ShrU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a >> (int)b;
    }

    [Op(Opcode.I32Rotl)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Rotl(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return BitOperations.RotateLeft(a, (int)b);
    }

    [Op(Opcode.I32Rotr)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Rotr(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return BitOperations.RotateRight(a, (int)b);
    }

    [Op(Opcode.I64Eqz, Opcode.RefIsNull)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Eqz(ulong x0)
    {
        var a = x0;
        return (a == 0) ? 1UL : 0UL;
    }

    [Op(Opcode.I64Eq, Immediate = nameof(I64EqImm), Branch = nameof(BrIfI64Eq))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Eq(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a == b) ? 1UL : 0UL;
    }

    [Op(Opcode.I64Ne, Immediate = nameof(I64NeImm), Branch = nameof(BrIfI64Ne))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Ne(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a != b) ? 1UL : 0UL;
    }

    [Op(Opcode.I64LtS, Immediate = nameof(I64LtSImm), Branch = nameof(BrIfI64LtS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LtS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return ((long)a < (long)b) ? 1UL : 0UL;
    }

    [Op(Opcode.I64LtU, Immediate = nameof(I64LtUImm), Branch = nameof(BrIfI64LtU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LtU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a < b) ? 1UL : 0UL;
    }

    [Op(Opcode.I64GtS, Immediate = nameof(I64GtSImm), Branch = nameof(BrIfI64GtS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GtS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return ((long)a > (long)b) ? 1UL : 0UL;
    }

    [Op(Opcode.I64GtU, Immediate = nameof(I64GtUImm), Branch = nameof(BrIfI64GtU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GtU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a > b) ? 1UL : 0UL;
    }

    [Op(Opcode.I64LeS, Immediate = nameof(I64LeSImm), Branch = nameof(BrIfI64LeS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LeS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return ((long)a <= (long)b) ? 1UL : 0UL;
    }

    [Op(Opcode.I64LeU, Immediate = nameof(I64LeUImm), Branch = nameof(BrIfI64LeU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LeU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a <= b) ? 1UL : 0UL;
    }

    [Op(Opcode.I64GeS, Immediate = nameof(I64GeSImm), Branch = nameof(BrIfI64GeS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GeS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return ((long)a >= (long)b) ? 1UL : 0UL;
    }

    [Op(Opcode.I64GeU, Immediate = nameof(I64GeUImm), Branch = nameof(BrIfI64GeU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GeU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a >= b) ? 1UL : 0UL;
    }

    [Op(Opcode.I64Clz)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Clz(ulong x0)
    {
        var a = x0;
        return (ulong)BitOperations.LeadingZeroCount(a);
    }

    [Op(Opcode.I64Ctz)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Ctz(ulong x0)
    {
        var a = x0;
        return (ulong)BitOperations.TrailingZeroCount(a);
    }

    [Op(Opcode.I64Popcnt)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Popcnt(ulong x0)
    {
        var a = x0;
        return (ulong)BitOperations.PopCount(a);
    }

    [Op(Opcode.I64Add, Immediate = nameof(I64AddImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Add(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a + b;
    }

    [Op(Opcode.I64Sub)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Sub(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a - b;
    }

    [Op(Opcode.I64Mul, Immediate = nameof(I64MulImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Mul(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a * b;
    }

    [Op(Opcode.I64DivS)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64DivS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return Numerics.I64DivS(a, b);
    }

    [Op(Opcode.I64DivU)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64DivU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return Numerics.I64DivU(a, b);
    }

    [Op(Opcode.I64RemS)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64RemS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return Numerics.I64RemS(a, b);
    }

    [Op(Opcode.I64RemU)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64RemU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return Numerics.I64RemU(a, b);
    }

    [Op(Opcode.I64And, Immediate = nameof(I64AndImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64And(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a & b;
    }

    [Op(Opcode.I64Or, Immediate = nameof(I64OrImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Or(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a | b;
    }

    [Op(Opcode.I64Xor, Immediate = nameof(I64XorImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Xor(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a ^ b;
    }

    [Op(Opcode.I64Shl, Immediate = nameof(I64ShlImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Shl(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a << (int)b;
    }

    [Op(Opcode.I64ShrS, Immediate = nameof(I64ShrSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ShrS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (ulong)((long)a >> (int)b);
    }

    [Op(Opcode.I64ShrU, Immediate = nameof(I64ShrUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ShrU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a >> (int)b;
    }

    [Op(Opcode.I64Rotl)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Rotl(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return BitOperations.RotateLeft(a, (int)b);
    }

    [Op(Opcode.I64Rotr)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Rotr(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return BitOperations.RotateRight(a, (int)b);
    }

    [Op(Opcode.F32Eq)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Eq(ulong x0, ulong x1) => FloatSemantics.F32Eq(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1));

    [Op(Opcode.F32Ne)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Ne(ulong x0, ulong x1) => FloatSemantics.F32Ne(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1));

    [Op(Opcode.F32Lt)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Lt(ulong x0, ulong x1) => FloatSemantics.F32Lt(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1));

    [Op(Opcode.F32Gt)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Gt(ulong x0, ulong x1) => FloatSemantics.F32Gt(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1));

    [Op(Opcode.F32Le)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Le(ulong x0, ulong x1) => FloatSemantics.F32Le(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1));

    [Op(Opcode.F32Ge)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Ge(ulong x0, ulong x1) => FloatSemantics.F32Ge(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1));

    [Op(Opcode.F32Abs)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Abs(ulong x0)
    {
        var a = (uint)x0;
        return a & 0x7FFF_FFFFu;
    }

    [Op(Opcode.F32Neg)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Neg(ulong x0)
    {
        var a = (uint)x0;
        return a ^ 0x8000_0000u;
    }

    [Op(Opcode.F32Ceil)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Ceil(ulong x0) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32Ceil(BitConverter.UInt32BitsToSingle((uint)x0)));

    [Op(Opcode.F32Floor)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Floor(ulong x0) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32Floor(BitConverter.UInt32BitsToSingle((uint)x0)));

    [Op(Opcode.F32Trunc)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Trunc(ulong x0) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32Trunc(BitConverter.UInt32BitsToSingle((uint)x0)));

    [Op(Opcode.F32Nearest)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Nearest(ulong x0) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32Nearest(BitConverter.UInt32BitsToSingle((uint)x0)));

    [Op(Opcode.F32Sqrt)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Sqrt(ulong x0) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32Sqrt(BitConverter.UInt32BitsToSingle((uint)x0)));

    [Op(Opcode.F32Add)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Add(ulong x0, ulong x1) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32Add(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1)));

    [Op(Opcode.F32Sub)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Sub(ulong x0, ulong x1) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32Sub(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1)));

    [Op(Opcode.F32Mul)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Mul(ulong x0, ulong x1) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32Mul(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1)));

    [Op(Opcode.F32Div)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Div(ulong x0, ulong x1) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32Div(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1)));

    [Op(Opcode.F32Min)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Min(ulong x0, ulong x1) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32Min(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1)));

    [Op(Opcode.F32Max)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Max(ulong x0, ulong x1) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32Max(BitConverter.UInt32BitsToSingle((uint)x0), BitConverter.UInt32BitsToSingle((uint)x1)));

    [Op(Opcode.F32Copysign)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32Copysign(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (a & 0x7FFF_FFFFu) | (b & 0x8000_0000u);
    }

    [Op(Opcode.F64Eq)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Eq(ulong x0, ulong x1) => FloatSemantics.F64Eq(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1));

    [Op(Opcode.F64Ne)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Ne(ulong x0, ulong x1) => FloatSemantics.F64Ne(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1));

    [Op(Opcode.F64Lt)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Lt(ulong x0, ulong x1) => FloatSemantics.F64Lt(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1));

    [Op(Opcode.F64Gt)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Gt(ulong x0, ulong x1) => FloatSemantics.F64Gt(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1));

    [Op(Opcode.F64Le)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Le(ulong x0, ulong x1) => FloatSemantics.F64Le(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1));

    [Op(Opcode.F64Ge)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Ge(ulong x0, ulong x1) => FloatSemantics.F64Ge(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1));

    [Op(Opcode.F64Abs)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Abs(ulong x0)
    {
        var a = x0;
        return a & 0x7FFF_FFFF_FFFF_FFFFul;
    }

    [Op(Opcode.F64Neg)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Neg(ulong x0)
    {
        var a = x0;
        return a ^ 0x8000_0000_0000_0000ul;
    }

    [Op(Opcode.F64Ceil)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Ceil(ulong x0) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64Ceil(BitConverter.UInt64BitsToDouble(x0)));

    [Op(Opcode.F64Floor)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Floor(ulong x0) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64Floor(BitConverter.UInt64BitsToDouble(x0)));

    [Op(Opcode.F64Trunc)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Trunc(ulong x0) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64Trunc(BitConverter.UInt64BitsToDouble(x0)));

    [Op(Opcode.F64Nearest)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Nearest(ulong x0) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64Nearest(BitConverter.UInt64BitsToDouble(x0)));

    [Op(Opcode.F64Sqrt)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Sqrt(ulong x0) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64Sqrt(BitConverter.UInt64BitsToDouble(x0)));

    [Op(Opcode.F64Add)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Add(ulong x0, ulong x1) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64Add(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1)));

    [Op(Opcode.F64Sub)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Sub(ulong x0, ulong x1) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64Sub(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1)));

    [Op(Opcode.F64Mul)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Mul(ulong x0, ulong x1) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64Mul(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1)));

    [Op(Opcode.F64Div)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Div(ulong x0, ulong x1) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64Div(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1)));

    [Op(Opcode.F64Min)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Min(ulong x0, ulong x1) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64Min(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1)));

    [Op(Opcode.F64Max)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Max(ulong x0, ulong x1) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64Max(BitConverter.UInt64BitsToDouble(x0), BitConverter.UInt64BitsToDouble(x1)));

    [Op(Opcode.F64Copysign)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64Copysign(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (a & 0x7FFF_FFFF_FFFF_FFFFul) | (b & 0x8000_0000_0000_0000ul);
    }

    [Op(Opcode.I32WrapI64)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32WrapI64(ulong x0)
    {
        var a = x0;
        return (uint)a;
    }

    [Op(Opcode.I32TruncF32S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF32S(ulong x0) => FloatSemantics.I32TruncF32S(BitConverter.UInt32BitsToSingle((uint)x0));

    [Op(Opcode.I32TruncSatF32S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF32S(ulong x0) => FloatSemantics.I32TruncSatF32S(BitConverter.UInt32BitsToSingle((uint)x0));

    [Op(Opcode.I32TruncF32U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF32U(ulong x0) => FloatSemantics.I32TruncF32U(BitConverter.UInt32BitsToSingle((uint)x0));

    [Op(Opcode.I32TruncSatF32U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF32U(ulong x0) => FloatSemantics.I32TruncSatF32U(BitConverter.UInt32BitsToSingle((uint)x0));

    [Op(Opcode.I32TruncF64S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF64S(ulong x0) => FloatSemantics.I32TruncF64S(BitConverter.UInt64BitsToDouble(x0));

    [Op(Opcode.I32TruncSatF64S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF64S(ulong x0) => FloatSemantics.I32TruncSatF64S(BitConverter.UInt64BitsToDouble(x0));

    [Op(Opcode.I32TruncF64U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncF64U(ulong x0) => FloatSemantics.I32TruncF64U(BitConverter.UInt64BitsToDouble(x0));

    [Op(Opcode.I32TruncSatF64U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32TruncSatF64U(ulong x0) => FloatSemantics.I32TruncSatF64U(BitConverter.UInt64BitsToDouble(x0));

    [Op(Opcode.I64TruncF32S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF32S(ulong x0) => FloatSemantics.I64TruncF32S(BitConverter.UInt32BitsToSingle((uint)x0));

    [Op(Opcode.I64TruncSatF32S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF32S(ulong x0) => FloatSemantics.I64TruncSatF32S(BitConverter.UInt32BitsToSingle((uint)x0));

    [Op(Opcode.I64TruncF32U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF32U(ulong x0) => FloatSemantics.I64TruncF32U(BitConverter.UInt32BitsToSingle((uint)x0));

    [Op(Opcode.I64TruncSatF32U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF32U(ulong x0) => FloatSemantics.I64TruncSatF32U(BitConverter.UInt32BitsToSingle((uint)x0));

    [Op(Opcode.I64TruncF64S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF64S(ulong x0) => FloatSemantics.I64TruncF64S(BitConverter.UInt64BitsToDouble(x0));

    [Op(Opcode.I64TruncSatF64S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF64S(ulong x0) => FloatSemantics.I64TruncSatF64S(BitConverter.UInt64BitsToDouble(x0));

    [Op(Opcode.I64TruncF64U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncF64U(ulong x0) => FloatSemantics.I64TruncF64U(BitConverter.UInt64BitsToDouble(x0));

    [Op(Opcode.I64TruncSatF64U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64TruncSatF64U(ulong x0) => FloatSemantics.I64TruncSatF64U(BitConverter.UInt64BitsToDouble(x0));

    [Op(Opcode.I64ExtendI32S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ExtendI32S(ulong x0)
    {
        var a = (uint)x0;
        return (ulong)(long)(int)a;
    }

    [Op(Opcode.I64ExtendI32U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ExtendI32U(ulong x0)
    {
        var a = (uint)x0;
        return (ulong)a;
    }

    [Op(Opcode.F32ConvertI32S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32ConvertI32S(ulong x0) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32ConvertI32S(x0));

    [Op(Opcode.F32ConvertI32U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32ConvertI32U(ulong x0) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32ConvertI32U(x0));

    [Op(Opcode.F32ConvertI64S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32ConvertI64S(ulong x0) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32ConvertI64S(x0));

    [Op(Opcode.F32ConvertI64U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32ConvertI64U(ulong x0) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32ConvertI64U(x0));

    [Op(Opcode.F32DemoteF64)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F32DemoteF64(ulong x0) => BitConverter.SingleToUInt32Bits(FloatSemantics.F32DemoteF64(BitConverter.UInt64BitsToDouble(x0)));

    [Op(Opcode.F64ConvertI32S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI32S(ulong x0) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64ConvertI32S(x0));

    [Op(Opcode.F64ConvertI32U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI32U(ulong x0) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64ConvertI32U(x0));

    [Op(Opcode.F64ConvertI64S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI64S(ulong x0) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64ConvertI64S(x0));

    [Op(Opcode.F64ConvertI64U)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64ConvertI64U(ulong x0) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64ConvertI64U(x0));

    [Op(Opcode.F64PromoteF32)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong F64PromoteF32(ulong x0) => BitConverter.DoubleToUInt64Bits(FloatSemantics.F64PromoteF32(BitConverter.UInt32BitsToSingle((uint)x0)));

    [Op(Opcode.I32Extend8S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Extend8S(ulong x0)
    {
        var a = (uint)x0;
        return (uint)(sbyte)a;
    }

    [Op(Opcode.I32Extend16S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32Extend16S(ulong x0)
    {
        var a = (uint)x0;
        return (uint)(short)a;
    }

    [Op(Opcode.I64Extend8S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Extend8S(ulong x0)
    {
        var a = x0;
        return (ulong)(sbyte)a;
    }

    [Op(Opcode.I64Extend16S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Extend16S(ulong x0)
    {
        var a = x0;
        return (ulong)(short)a;
    }

    [Op(Opcode.I64Extend32S)]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64Extend32S(ulong x0)
    {
        var a = x0;
        return (ulong)(int)a;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32AddImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a + (uint)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32MulImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a * (uint)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32AndImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a & (uint)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32OrImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a | (uint)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32XorImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a ^ (uint)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32ShlImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a << imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32ShrSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (uint)((int)a >> imm);
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32ShrUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a >> imm;
    }

    [Op(Branch = nameof(BrIfI32EqImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32EqImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a == (uint)imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI32NeImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32NeImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a != (uint)imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI32LtSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LtSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return ((int)a < imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI32LtUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LtUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a < (uint)imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI32GtSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GtSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return ((int)a > imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI32GtUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GtUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a > (uint)imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI32LeSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LeSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return ((int)a <= imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI32LeUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32LeUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a <= (uint)imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI32GeSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GeSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return ((int)a >= imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI32GeUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I32GeUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (a >= (uint)imm) ? 1UL : 0UL;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64AddImm(ulong x0, int imm)
    {
        var a = x0;
        return a + (ulong)(long)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64MulImm(ulong x0, int imm)
    {
        var a = x0;
        return a * (ulong)(long)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64AndImm(ulong x0, int imm)
    {
        var a = x0;
        return a & (ulong)(long)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64OrImm(ulong x0, int imm)
    {
        var a = x0;
        return a | (ulong)(long)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64XorImm(ulong x0, int imm)
    {
        var a = x0;
        return a ^ (ulong)(long)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ShlImm(ulong x0, int imm)
    {
        var a = x0;
        return a << imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ShrSImm(ulong x0, int imm)
    {
        var a = x0;
        return (ulong)((long)a >> imm);
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64ShrUImm(ulong x0, int imm)
    {
        var a = x0;
        return a >> imm;
    }

    [Op(Branch = nameof(BrIfI64EqImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64EqImm(ulong x0, int imm)
    {
        var a = x0;
        return (a == (ulong)(long)imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI64NeImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64NeImm(ulong x0, int imm)
    {
        var a = x0;
        return (a != (ulong)(long)imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI64LtSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LtSImm(ulong x0, int imm)
    {
        var a = x0;
        return ((long)a < imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI64LtUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LtUImm(ulong x0, int imm)
    {
        var a = x0;
        return (a < (ulong)(long)imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI64GtSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GtSImm(ulong x0, int imm)
    {
        var a = x0;
        return ((long)a > imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI64GtUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GtUImm(ulong x0, int imm)
    {
        var a = x0;
        return (a > (ulong)(long)imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI64LeSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LeSImm(ulong x0, int imm)
    {
        var a = x0;
        return ((long)a <= imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI64LeUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64LeUImm(ulong x0, int imm)
    {
        var a = x0;
        return (a <= (ulong)(long)imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI64GeSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GeSImm(ulong x0, int imm)
    {
        var a = x0;
        return ((long)a >= imm) ? 1UL : 0UL;
    }

    [Op(Branch = nameof(BrIfI64GeUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static ulong I64GeUImm(ulong x0, int imm)
    {
        var a = x0;
        return (a >= (ulong)(long)imm) ? 1UL : 0UL;
    }

    [Op(Negation = nameof(BrIfI32Ne))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32Eq(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a == b;
    }

    [Op(Negation = nameof(BrIfI32NeImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32EqImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a == (uint)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32Ne(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a != b;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32NeImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a != (uint)imm;
    }

    [Op(Negation = nameof(BrIfI32GeS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LtS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (int)a < (int)b;
    }

    [Op(Negation = nameof(BrIfI32GeSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LtSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (int)a < imm;
    }

    [Op(Negation = nameof(BrIfI32GeU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LtU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a < b;
    }

    [Op(Negation = nameof(BrIfI32GeUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LtUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a < (uint)imm;
    }

    [Op(Negation = nameof(BrIfI32LeS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GtS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (int)a > (int)b;
    }

    [Op(Negation = nameof(BrIfI32LeSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GtSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (int)a > imm;
    }

    [Op(Negation = nameof(BrIfI32LeU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GtU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a > b;
    }

    [Op(Negation = nameof(BrIfI32LeUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GtUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a > (uint)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LeS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (int)a <= (int)b;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LeSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (int)a <= imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LeU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a <= b;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32LeUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a <= (uint)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GeS(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return (int)a >= (int)b;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GeSImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return (int)a >= imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GeU(ulong x0, ulong x1)
    {
        var a = (uint)x0;
        var b = (uint)x1;
        return a >= b;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI32GeUImm(ulong x0, int imm)
    {
        var a = (uint)x0;
        return a >= (uint)imm;
    }

    [Op(Negation = nameof(BrIfI64Ne))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64Eq(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a == b;
    }

    [Op(Negation = nameof(BrIfI64NeImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64EqImm(ulong x0, int imm)
    {
        var a = x0;
        return a == (ulong)(long)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64Ne(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a != b;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64NeImm(ulong x0, int imm)
    {
        var a = x0;
        return a != (ulong)(long)imm;
    }

    [Op(Negation = nameof(BrIfI64GeS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LtS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (long)a < (long)b;
    }

    [Op(Negation = nameof(BrIfI64GeSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LtSImm(ulong x0, int imm)
    {
        var a = x0;
        return (long)a < imm;
    }

    [Op(Negation = nameof(BrIfI64GeU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LtU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a < b;
    }

    [Op(Negation = nameof(BrIfI64GeUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LtUImm(ulong x0, int imm)
    {
        var a = x0;
        return a < (ulong)(long)imm;
    }

    [Op(Negation = nameof(BrIfI64LeS))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GtS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (long)a > (long)b;
    }

    [Op(Negation = nameof(BrIfI64LeSImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GtSImm(ulong x0, int imm)
    {
        var a = x0;
        return (long)a > imm;
    }

    [Op(Negation = nameof(BrIfI64LeU))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GtU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a > b;
    }

    [Op(Negation = nameof(BrIfI64LeUImm))]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GtUImm(ulong x0, int imm)
    {
        var a = x0;
        return a > (ulong)(long)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LeS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (long)a <= (long)b;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LeSImm(ulong x0, int imm)
    {
        var a = x0;
        return (long)a <= imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LeU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a <= b;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64LeUImm(ulong x0, int imm)
    {
        var a = x0;
        return a <= (ulong)(long)imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GeS(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return (long)a >= (long)b;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GeSImm(ulong x0, int imm)
    {
        var a = x0;
        return (long)a >= imm;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GeU(ulong x0, ulong x1)
    {
        var a = x0;
        var b = x1;
        return a >= b;
    }

    [Op]
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static bool BrIfI64GeUImm(ulong x0, int imm)
    {
        var a = x0;
        return a >= (ulong)(long)imm;
    }
}
