using System.Text.RegularExpressions;
using WasmActors.Wasm.Model;

namespace WasmActors.Differential.Tests.Fuzz.Simd;

/// <summary>How a SIMD instruction takes its operands and immediates, as the sweep module must feed it.</summary>
internal enum SweepShape
{
    Load,
    Store,
    LoadLane,
    StoreLane,
    Shuffle,
    Splat,
    ExtractLane,
    ReplaceLane,
    Unary,
    Binary,
    Ternary,
    Test,
    Shift,
}

/// <summary>The six ways of reading a v128 as lanes.</summary>
internal enum LaneShape
{
    I8x16,
    I16x8,
    I32x4,
    I64x2,
    F32x4,
    F64x2,
}

/// <summary>
/// One SIMD instruction as the sweep uses it: its shape, the lane shape of its result or own lanes
/// (<see cref="Own"/>), the lane shape its vector operands are read in (<see cref="Input"/>; differs for conversions,
/// narrowing and widening), and for memory instructions the bytes it accesses.
/// </summary>
internal sealed record SimdInstruction(Opcode Opcode, SweepShape Shape, LaneShape Own, LaneShape Input, int MemoryBytes)
{
    public string Name => Opcode.ToString();

    public byte SubOpcode => (byte)((ushort)Opcode & 0xFF);

    /// <summary>Lanes of <see cref="Own"/>, or for lane loads and stores the lanes of the accessed width.</summary>
    public int Lanes => Shape is SweepShape.LoadLane or SweepShape.StoreLane ? 16 / MemoryBytes : LaneShapes.Count(Own);

    /// <summary>log2 of the natural alignment of a memory instruction.</summary>
    public int NaturalAlignment => System.Numerics.BitOperations.Log2((uint)MemoryBytes);

    public ValType Scalar => LaneShapes.Scalar(Own);
}

/// <summary>Facts about lane shapes.</summary>
internal static class LaneShapes
{
    public static int Count(LaneShape shape) => shape switch
    {
        LaneShape.I8x16 => 16,
        LaneShape.I16x8 => 8,
        LaneShape.I32x4 or LaneShape.F32x4 => 4,
        _ => 2,
    };

    /// <summary>The scalar a splat takes and an extract_lane gives (i8 and i16 lanes travel as i32).</summary>
    public static ValType Scalar(LaneShape shape) => shape switch
    {
        LaneShape.I64x2 => ValType.I64,
        LaneShape.F32x4 => ValType.F32,
        LaneShape.F64x2 => ValType.F64,
        _ => ValType.I32,
    };
}

/// <summary>
/// Every WebAssembly 2.0 SIMD instruction except <c>v128.const</c> (which feeds all the others), classified from its
/// name in <see cref="Opcode"/> by the naming rules of the spec's instruction list. This is deliberately not the
/// engine's own signature table: a wrong classification here makes a module that Wasmtime rejects, so the two
/// cannot share a mistake.
/// </summary>
internal static partial class SimdInstructions
{
    private static readonly string[] UnaryOperations =
        ["Not", "Abs", "Neg", "Popcnt", "Sqrt", "Ceil", "Floor", "Trunc", "Nearest", "Extend", "ExtaddPairwise", "Convert", "Demote", "Promote"];

    public static readonly IReadOnlyList<SimdInstruction> All = Build();

    private static List<SimdInstruction> Build()
    {
        var list = new List<SimdInstruction>();
        foreach (var opcode in Enum.GetValues<Opcode>())
        {
            if (((ushort)opcode & 0xFF00) != 0xFD00 || opcode == Opcode.V128Const)
            {
                continue;
            }

            list.Add(Classify(opcode));
        }

        return list;
    }

    private static SimdInstruction Classify(Opcode opcode)
    {
        var name = opcode.ToString();
        var shapes = ShapePattern().Matches(name).Select(m => Enum.Parse<LaneShape>(m.Value)).ToList();
        var own = name.StartsWith("V128", StringComparison.Ordinal) ? LaneShape.I8x16 : shapes[0];
        var input = shapes.Count > 1 ? shapes[^1] : own;
        if (MemoryPattern().Match(name) is { Success: true } memory)
        {
            return MemoryInstruction(opcode, memory);
        }

        var operation = name.StartsWith("V128", StringComparison.Ordinal) ? name[4..] : name[5..];
        var shape = operation switch
        {
            "Shuffle" => SweepShape.Shuffle,
            "Splat" => SweepShape.Splat,
            "Bitselect" => SweepShape.Ternary,
            "AnyTrue" or "AllTrue" or "Bitmask" => SweepShape.Test,
            "Shl" or "ShrS" or "ShrU" => SweepShape.Shift,
            "ReplaceLane" => SweepShape.ReplaceLane,
            _ when operation.StartsWith("ExtractLane", StringComparison.Ordinal) => SweepShape.ExtractLane,
            _ when UnaryOperations.Any(u => operation.StartsWith(u, StringComparison.Ordinal)) => SweepShape.Unary,
            _ => SweepShape.Binary,
        };
        return new SimdInstruction(opcode, shape, own, input, 0);
    }

    /// <summary>v128.load, v128.loadNxM_s/u, v128.loadN_splat/zero/lane, v128.store, v128.storeN_lane.</summary>
    private static SimdInstruction MemoryInstruction(Opcode opcode, Match memory)
    {
        var store = memory.Groups["kind"].Value == "Store";
        var bits = memory.Groups["bits"].Success ? int.Parse(memory.Groups["bits"].Value, System.Globalization.CultureInfo.InvariantCulture) : 128;
        var extending = memory.Groups["count"].Success;
        var bytes = extending ? 8 : bits / 8;
        var shape = memory.Groups["form"].Value switch
        {
            "Lane" => store ? SweepShape.StoreLane : SweepShape.LoadLane,
            _ => store ? SweepShape.Store : SweepShape.Load,
        };
        return new SimdInstruction(opcode, shape, LaneShape.I8x16, LaneShape.I8x16, bytes);
    }

    [GeneratedRegex("I8x16|I16x8|I32x4|I64x2|F32x4|F64x2")]
    private static partial Regex ShapePattern();

    [GeneratedRegex("^V128(?<kind>Load|Store)(?<bits>8|16|32|64)?(x(?<count>\\d+)[SU])?(?<form>Splat|Zero|Lane)?$")]
    private static partial Regex MemoryPattern();
}
