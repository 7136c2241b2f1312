using WasmActors.Wasm.Model;

namespace WasmActors.Differential.Tests.Fuzz.Simd;

/// <summary>
/// A module with one exported function per (SIMD instruction, operand set): each takes nothing, pushes its operands as
/// constants, runs the one instruction and returns what it gives (stores return nothing; their effect shows in the
/// exported memory, which the harnesses hash after every call). Export names are "Instruction#k", so a difference
/// names the instruction. The memory (one page) starts with random bytes at both ends for the loads to read.
/// </summary>
public static class SimdSweepModule
{
    private const byte V128 = 0x7B;
    private const byte SimdPrefix = 0xFD;
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

        var module = new List<byte> { 0x00, 0x61, 0x73, 0x6D, 0x01, 0x00, 0x00, 0x00 };
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

    private static byte[] FunctionType(ValType? result) => result is { } type ? [0x60, 0x00, 0x01, TypeByte(type)] : [0x60, 0x00, 0x00];

    private static byte TypeByte(ValType type) => type switch
    {
        ValType.I32 => 0x7F,
        ValType.I64 => 0x7E,
        ValType.F32 => 0x7D,
        ValType.F64 => 0x7C,
        _ => V128,
    };

    private static byte[] ScalarConst(ValType type, ulong bits) => type switch
    {
        ValType.I32 => I32Const((uint)bits),
        ValType.I64 => [0x42, .. Signed((long)bits)],
        ValType.F32 => [0x43, .. BitConverter.GetBytes((uint)bits)],
        _ => [0x44, .. BitConverter.GetBytes(bits)],
    };

    private static byte[] I32Const(uint value) => [0x41, .. Signed((int)value)];

    private static byte[] V128Const((ulong Low, ulong High) value) =>
        [SimdPrefix, 0x0C, .. BitConverter.GetBytes(value.Low), .. BitConverter.GetBytes(value.High)];

    private static byte[] Export(string name, byte kind, uint index) =>
        [.. Sized(System.Text.Encoding.UTF8.GetBytes(name)), kind, .. Unsigned(index)];

    private static byte[] DataSegment(int offset, byte[] bytes) => [0x00, .. I32Const((uint)offset), 0x0B, .. Sized(bytes)];

    private static void Section(List<byte> module, byte id, byte[] contents)
    {
        module.Add(id);
        module.AddRange(Sized(contents));
    }

    private static byte[] Vector(IEnumerable<byte[]> items)
    {
        var list = items.ToList();
        return [.. Unsigned((uint)list.Count), .. list.SelectMany(item => item)];
    }

    private static byte[] Sized(byte[] contents) => [.. Unsigned((uint)contents.Length), .. contents];

    private static byte[] Unsigned(uint value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);

        return [.. bytes];
    }

    private static byte[] Signed(long value)
    {
        var bytes = new List<byte>();
        while (true)
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            var done = (value == 0 && (b & 0x40) == 0) || (value == -1 && (b & 0x40) != 0);
            bytes.Add(done ? b : (byte)(b | 0x80));
            if (done)
            {
                return [.. bytes];
            }
        }
    }
}
