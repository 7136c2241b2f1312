using WasmActors.Wasm.Model;
using static WasmActors.Differential.Tests.Fuzz.Simd.SimdProgramModule.Layout;
using static WasmActors.Differential.Tests.Fuzz.Simd.WasmEncoding;

namespace WasmActors.Differential.Tests.Fuzz.Simd;

/// <summary>
/// Writes the bodies of <see cref="SimdProgramModule"/>: random statements and expressions, nested at most
/// <see cref="MaxDepth"/> deep (the generator's own recursion is bounded by that, not by any input).
/// </summary>
internal sealed class SimdProgramWriter(Random random, SimdOperands operands)
{
    private const int MaxDepth = 4;
    private const byte EmptyBlock = 0x40;
    private const byte V128Block = 0x7B;
    private const byte End = 0x0B;

    private static readonly SimdInstruction[] Vectorwise =
        [.. SimdInstructions.All.Where(i => i.Shape is SweepShape.Unary or SweepShape.Binary or SweepShape.Ternary or SweepShape.Shift)];

    /// <summary>Instructions of a shape, float arithmetic left out: for places whose results are not made NaN-free.</summary>
    private static SimdInstruction[] ByShape(SweepShape shape) => [.. SimdInstructions.All.Where(i => i.Shape == shape && !MakesNaNs(i))];

    /// <summary>
    /// Float arithmetic (add, min, sqrt, nearest, demote...), whose NaN results may have any payload: two correct
    /// engines differ there, and a later bitwise or integer instruction turns that into different non-NaN bits. The
    /// bit-exact float instructions (abs, neg, pmin, pmax) and the conversions from integers make no new NaNs.
    /// </summary>
    public static bool MakesNaNs(SimdInstruction instruction) =>
        instruction.Own is LaneShape.F32x4 or LaneShape.F64x2
        && instruction.Shape is SweepShape.Unary or SweepShape.Binary
        && instruction.Name[5..] is not ("Abs" or "Neg" or "Pmin" or "Pmax" or "Eq" or "Ne" or "Lt" or "Gt" or "Le" or "Ge")
        && !instruction.Name[5..].StartsWith("Convert", StringComparison.Ordinal);

    private readonly List<byte> _code = [];

    public byte[] BinaryHelperBody() => Body([], () => Emit([0x20, 0, 0x20, 1, .. Op(Pick(ByShape(SweepShape.Binary)))]));

    /// <summary>(v128 v, i32 n) -> (n + 1, shift(v, n)).</summary>
    public byte[] MultiValueHelperBody() =>
        Body([], () => Emit([0x20, 1, .. I32Const(1), 0x6A, 0x20, 0, 0x20, 1, .. Op(Pick(ByShape(SweepShape.Shift)))]));

    public byte[] UnaryHelperBody() => Body([], () => Emit([0x20, 0, .. Op(Pick(ByShape(SweepShape.Unary)))]));

    public byte[] ProgramBody() => Body([(5, ValType.V128), (1 + MaxDepth, ValType.I32)], () =>
    {
        var statements = random.Next(4, 12);
        for (var s = 0; s < statements; s++)
        {
            Statement(0);
        }

        foreach (var local in WritableVectorLocals)
        {
            Emit(0x20, (byte)local);
        }

        Emit(0x20, ScratchInteger);
    });

    private byte[] Body((int Count, ValType Type)[] locals, Action write)
    {
        _code.Clear();
        _code.AddRange(Vector(locals.Select(l => (byte[])[.. Unsigned((uint)l.Count), TypeByte(l.Type)])));
        write();
        _code.Add(End);
        return [.. _code];
    }

    private void Statement(int depth)
    {
        var nested = depth < MaxDepth;
        switch (random.Next(nested ? 12 : 6))
        {
            case 0 or 1 or 2:
                VectorExpression(depth);
                Emit(0x21, PickByte(WritableVectorLocals));
                break;
            case 3:
                IntegerExpression(depth);
                Emit(0x21, ScratchInteger);
                break;
            case 4:
                VectorExpression(depth);
                Emit(0x24, (byte)random.Next(2));
                break;
            case 5:
                Store(depth);
                break;
            case 6:
                IntegerExpression(depth + 1);
                Emit(0x04, EmptyBlock);
                Statements(depth + 1);
                Emit(0x05);
                Statements(depth + 1);
                Emit(End);
                break;
            case 7:
                // A v128 leaves the block by br_if when the condition holds, else the value after it does.
                Emit(0x02, V128Block);
                Statements(depth + 1);
                VectorExpression(depth + 1);
                IntegerExpression(depth + 1);
                Emit(0x0D, 0, 0x1A);
                VectorExpression(depth + 1);
                Emit(End, 0x21, PickByte(WritableVectorLocals));
                break;
            case 8:
                // br_table to the inner block (then a unary op) or past it, carrying a v128 either way.
                Emit(0x02, V128Block, 0x02, V128Block);
                VectorExpression(depth + 1);
                IntegerExpression(depth + 1);
                Emit([0x0E, 2, 0, 1, (byte)random.Next(2), End, .. Op(Pick(ByShape(SweepShape.Unary))), End, 0x21, PickByte(WritableVectorLocals)]);
                break;
            case 9:
                var counter = (byte)(FirstLoopCounter + depth);
                Emit([.. I32Const((uint)random.Next(1, 4)), 0x21, counter, 0x03, EmptyBlock]);
                Statements(depth + 1);
                Emit([0x20, counter, .. I32Const(1), 0x6B, 0x22, counter, 0x0D, 0, End]);
                break;
            case 10:
                VectorExpression(depth + 1);
                IntegerExpression(depth + 1);
                Emit(0x10, MultiValueHelperFunction, 0x21, PickByte(WritableVectorLocals), 0x21, ScratchInteger);
                break;
            default:
                VectorExpression(depth);
                Emit(0x21, PickByte(WritableVectorLocals));
                break;
        }
    }

    private void Statements(int depth)
    {
        for (var s = random.Next(1, 4); s > 0; s--)
        {
            Statement(depth);
        }
    }

    private void VectorExpression(int depth)
    {
        if (depth >= MaxDepth)
        {
            VectorLeaf();
            return;
        }

        var inner = depth + 1;
        switch (random.Next(20))
        {
            case < 5:
                VectorLeaf();
                break;
            case < 11:
                var instruction = Pick(Vectorwise);
                var arity = instruction.Shape switch { SweepShape.Unary => 1, SweepShape.Ternary => 3, _ => 2 };
                for (var i = 0; i < arity; i++)
                {
                    if (instruction.Shape == SweepShape.Shift && i == 1)
                    {
                        IntegerExpression(inner);
                    }
                    else
                    {
                        VectorExpression(inner);
                    }
                }

                Emit(Op(instruction));
                DeNaN(instruction);
                break;
            case 11:
                VectorExpression(inner);
                VectorExpression(inner);
                Emit(Op(SimdInstructions.All.Single(i => i.Shape == SweepShape.Shuffle)));
                for (var lane = 0; lane < 16; lane++)
                {
                    Emit((byte)random.Next(32));
                }

                break;
            case 12:
                // replace_lane with a lane extracted from another vector: both lane moves, every scalar type.
                var replace = Pick(ByShape(SweepShape.ReplaceLane));
                var extract = SimdInstructions.All.First(i => i.Shape == SweepShape.ExtractLane && i.Own == replace.Own);
                VectorExpression(inner);
                VectorExpression(inner);
                Emit([.. Op(extract), (byte)random.Next(extract.Lanes), .. Op(replace), (byte)random.Next(replace.Lanes)]);
                break;
            case 13:
                var splat = Pick(ByShape(SweepShape.Splat));
                if (splat.Scalar == ValType.I32 && random.Next(2) == 0)
                {
                    IntegerExpression(inner);
                }
                else
                {
                    Emit(ScalarConst(splat.Scalar, operands.Lane(splat.Own)));
                }

                Emit(Op(splat));
                break;
            case 14:
                VectorExpression(inner);
                VectorExpression(inner);
                IntegerExpression(inner);
                Emit(random.Next(2) == 0 ? new byte[] { 0x1B } : [0x1C, 1, V128Block]);
                break;
            case 15:
                VectorExpression(inner);
                if (random.Next(2) == 0)
                {
                    VectorExpression(inner);
                    Emit(0x10, BinaryHelperFunction);
                }
                else
                {
                    Emit([.. I32Const(UnaryHelperFunction), 0x11, UnaryHelperFunction, 0x00]);
                }

                break;
            case 16:
                Load(inner);
                break;
            case 17:
                VectorExpression(inner);
                Emit(0x22, PickByte(WritableVectorLocals));
                break;
            case 18:
                IntegerExpression(inner);
                Emit(0x04, V128Block);
                VectorExpression(inner);
                Emit(0x05);
                VectorExpression(inner);
                Emit(End);
                break;
            default:
                Emit(0x02, V128Block);
                VectorExpression(inner);
                Emit(End);
                break;
        }
    }

    /// <summary>
    /// After float arithmetic, zeroes every NaN lane (v AND (v == v)), as binaryen's --denan does for scalars, so only
    /// deterministic bits flow on.
    /// </summary>
    private void DeNaN(SimdInstruction instruction)
    {
        if (MakesNaNs(instruction))
        {
            var equal = SimdInstructions.All.Single(i => i.Name == (instruction.Own == LaneShape.F32x4 ? "F32x4Eq" : "F64x2Eq"));
            Emit([0x22, ScratchVector, 0x20, ScratchVector, 0x20, ScratchVector, .. Op(equal), .. Op(SimdInstructions.All.Single(i => i.Name == "V128And"))]);
        }
    }

    private void VectorLeaf()
    {
        switch (random.Next(10))
        {
            case < 6:
                Emit(0x20, PickByte(VectorLocals));
                break;
            case < 8:
                Emit(V128Const(operands.Vector((LaneShape)random.Next(6))));
                break;
            default:
                Emit(0x23, (byte)random.Next(2));
                break;
        }
    }

    private void IntegerExpression(int depth)
    {
        switch (depth >= MaxDepth ? random.Next(3) : random.Next(6))
        {
            case 0:
                Emit(I32Const((uint)operands.Lane(LaneShape.I32x4)));
                break;
            case 1:
                Emit(0x20, PickByte(IntegerLocals));
                break;
            case 2:
                Emit(0x23, 2);
                break;
            case 3:
                VectorExpression(depth + 1);
                Emit(Op(Pick(ByShape(SweepShape.Test))));
                break;
            case 4:
                var extract = Pick([.. ByShape(SweepShape.ExtractLane).Where(i => i.Scalar == ValType.I32)]);
                VectorExpression(depth + 1);
                Emit([.. Op(extract), (byte)random.Next(extract.Lanes)]);
                break;
            default:
                IntegerExpression(depth + 1);
                Emit([.. I32Const(1), 0x71]);
                break;
        }
    }

    private void Store(int depth)
    {
        var store = Pick([.. SimdInstructions.All.Where(i => i.Shape is SweepShape.Store or SweepShape.StoreLane)]);
        Emit(I32Const(Address(store)));
        VectorExpression(depth + 1);
        MemoryArguments(store);
    }

    private void Load(int depth)
    {
        var load = Pick([.. SimdInstructions.All.Where(i => i.Shape is SweepShape.Load or SweepShape.LoadLane)]);
        Emit(I32Const(Address(load)));
        if (load.Shape == SweepShape.LoadLane)
        {
            VectorExpression(depth);
        }

        MemoryArguments(load);
    }

    /// <summary>Mostly inside the first 1 KiB (the data segment, and where stores land), rarely at the page's end or beyond.</summary>
    private uint Address(SimdInstruction access) =>
        random.Next(30) == 0 ? operands.Address(access.MemoryBytes) : (uint)random.Next(0, 1024 - access.MemoryBytes);

    private void MemoryArguments(SimdInstruction access)
    {
        Emit([.. Op(access), .. Unsigned((uint)random.Next(access.NaturalAlignment + 1)), .. Unsigned((uint)random.Next(0, 17))]);
        if (access.Shape is SweepShape.LoadLane or SweepShape.StoreLane)
        {
            Emit((byte)random.Next(access.Lanes));
        }
    }

    private static byte[] Op(SimdInstruction instruction) => [SimdPrefix, .. Unsigned(instruction.SubOpcode)];

    private T Pick<T>(IReadOnlyList<T> items) => items[random.Next(items.Count)];

    private byte PickByte(IReadOnlyList<int> items) => (byte)Pick(items);

    private void Emit(params ReadOnlySpan<byte> bytes) => _code.AddRange(bytes);
}
