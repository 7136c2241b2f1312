using WasmActors.Wasm.Model;
using static WasmActors.Differential.Tests.Fuzz.Simd.WasmEncoding;

namespace WasmActors.Differential.Tests.Fuzz.Simd;

/// <summary>
/// A module with one exported function per (SIMD instruction, operand set): each takes nothing, pushes its operands as
/// constants, runs the one instruction and returns what it gives (stores return nothing; their effect shows in the
/// exported memory, which the harnesses hash after every call). Export names are "Instruction#k", so a difference
/// names the instruction. The memory (one page) starts with random bytes at both ends for the loads to read.
/// </summary>
internal static class SimdSweepModule
{
    private const int PageEdgeBytes = 512;

    /// <summary>The result types, in the order of the module's types (each function type is [] -> [result] or [] -> []).</summary>
    private static readonly ValType?[] ResultTypes = [ValType.V128, ValType.I32, ValType.I64, ValType.F32, ValType.F64, null];

    public static byte[] Build(int seed, int operandSetsPerInstruction)
    {
        var operands = new SimdOperands(new Random(seed));
        var functions = new List<(string Name, int Type, byte[] Body)>();
        foreach (var instruction in SimdInstructions.All)
        {
            for (var k = 0; k < operandSetsPerInstruction; k++)
            {
                var (body, result) = Body(instruction, operands);
                functions.Add(($"{instruction.Name}#{k}", Array.IndexOf(ResultTypes, result), body));
            }
        }

        var module = new List<byte>(Magic);
        Section(module, 1, Vector(ResultTypes.Select(FunctionType)));
        Section(module, 3, Vector(functions.Select(f => Unsigned((uint)f.Type))));
        Section(module, 5, [0x01, 0x00, 0x01]); // one memory, at least one page, no maximum
        Section(module, 7, Vector([Export("memory", 0x02, 0), .. functions.Select((f, i) => Export(f.Name, 0x00, (uint)i))]));
        Section(module, 10, Vector(functions.Select(f => Sized([0x00, .. f.Body, 0x0B]))));
        Section(module, 11, Vector([DataSegment(0, operands.Bytes(PageEdgeBytes)), DataSegment(0x1_0000 - PageEdgeBytes, operands.Bytes(PageEdgeBytes))]));
        return [.. module];
    }

    private static (byte[] Body, ValType? Result) Body(SimdInstruction instruction, SimdOperands operands)
    {
        var code = new List<byte>();
        byte[] op = [SimdPrefix, .. Unsigned(instruction.SubOpcode)];
        switch (instruction.Shape)
        {
            case SweepShape.Load or SweepShape.Store or SweepShape.LoadLane or SweepShape.StoreLane:
                code.AddRange(I32Const(operands.Address(instruction.MemoryBytes)));
                if (instruction.Shape != SweepShape.Load)
                {
                    code.AddRange(V128Const(operands.Vector((LaneShape)operands.Below(6))));
                }

                code.AddRange(op);
                code.AddRange(Unsigned((uint)operands.Below(instruction.NaturalAlignment + 1)));
                code.AddRange(Unsigned(operands.Offset()));
                if (instruction.Shape is SweepShape.LoadLane or SweepShape.StoreLane)
                {
                    code.Add((byte)operands.Below(instruction.Lanes));
                }

                return ([.. code], instruction.Shape is SweepShape.Load or SweepShape.LoadLane ? ValType.V128 : null);
            case SweepShape.Shuffle:
                code.AddRange([.. V128Const(operands.Vector(instruction.Input)), .. V128Const(operands.Vector(instruction.Input)), .. op]);
                var fromOne = operands.Below(4) == 0 ? operands.Below(2) * 16 : -1;
                for (var lane = 0; lane < 16; lane++)
                {
                    code.Add((byte)(fromOne >= 0 ? fromOne + operands.Below(16) : operands.Below(32)));
                }

                return ([.. code], ValType.V128);
            case SweepShape.Splat:
                return ([.. ScalarConst(instruction.Scalar, operands.Lane(instruction.Own)), .. op], ValType.V128);
            case SweepShape.ExtractLane:
                return ([.. V128Const(operands.Vector(instruction.Own)), .. op, (byte)operands.Below(instruction.Lanes)], instruction.Scalar);
            case SweepShape.ReplaceLane:
                return ([.. V128Const(operands.Vector(instruction.Own)), .. ScalarConst(instruction.Scalar, operands.Lane(instruction.Own)), .. op, (byte)operands.Below(instruction.Lanes)], ValType.V128);
            case SweepShape.Shift:
                return ([.. V128Const(operands.Vector(instruction.Own)), .. I32Const(operands.ShiftCount()), .. op], ValType.V128);
            case SweepShape.Test:
                return ([.. V128Const(operands.Vector(instruction.Input)), .. op], ValType.I32);
            default:
                var arity = instruction.Shape switch { SweepShape.Unary => 1, SweepShape.Binary => 2, _ => 3 };
                for (var i = 0; i < arity; i++)
                {
                    code.AddRange(V128Const(operands.Vector(instruction.Input)));
                }

                code.AddRange(op);
                return ([.. code], ValType.V128);
        }
    }
}
