using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>
/// v128 values (two slots) next to one-slot values through the compiler's branch, block and select paths, which
/// the spec's SIMD files exercise only lightly: br_table out of nested blocks, multi-value blocks mixing widths,
/// loop parameters, select, and return from inside a block.
/// </summary>
public sealed class SimdControlFlowTests
{
    private static readonly FuncType I32ToV128 = new([ValType.I32], [ValType.V128]);

    [Theory]
    [InlineData(0u, 11u, 22u, 33u, 44u)]
    [InlineData(1u, 1u, 2u, 3u, 4u)]
    [InlineData(7u, 1u, 2u, 3u, 4u)]
    public void Br_table_carries_a_v128_over_a_one_slot_value(uint selector, uint lane0, uint lane1, uint lane2, uint lane3)
    {
        var module = Build([I32ToV128], ("f", 0, [], [
            I32(99), // stays below the blocks: the v128 above it starts at an odd slot
            Block(Opcode.Block, ValType.V128),
            Block(Opcode.Block, ValType.V128),
            V128(1, 2, 3, 4), Get(0), Op(Opcode.BrTable, 1, labels: [0]),
            Op(Opcode.End),
            V128(10, 20, 30, 40), Op(Opcode.I32x4Add),
            Op(Opcode.End),
            Op(Opcode.Return),
        ]));

        Assert.Equal(Lanes(lane0, lane1, lane2, lane3), Run(module, selector));
    }

    [Theory]
    [InlineData(5u, 9u)]
    [InlineData(0u, 47u)]
    public void A_multi_value_block_mixes_widths(uint input, uint expected)
    {
        var swap = new FuncType([ValType.I32, ValType.V128], [ValType.V128, ValType.I32]);
        var module = Build([new FuncType([ValType.I32], [ValType.I32]), swap], ("f", 0, [ValType.I32, ValType.V128], [
            Get(0), V128(1, 2, 3, 4),
            BlockType.Encode(Opcode.Block, new BlockType(BlockTypeKind.TypeIndex, 1), 0),
            Set(2), Set(1), I64(123), Get(2), Get(1), // the i64 below makes the branch move both results
            Get(1), Op(Opcode.BrIf, 0),
            Op(Opcode.Drop), Op(Opcode.Drop), Op(Opcode.Drop), V128(10, 20, 30, 40), I32(7),
            Op(Opcode.End),
            Set(1), Op(Opcode.I32x4ExtractLane, 3), Get(1), Op(Opcode.I32Add),
        ]));

        Assert.Equal([expected], Run(module, input));
    }

    [Fact]
    public void A_loop_parameter_can_be_a_v128()
    {
        var step = new FuncType([ValType.V128], [ValType.V128]);
        var module = Build([I32ToV128, step], ("f", 0, [], [
            V128(0, 0, 0, 100),
            BlockType.Encode(Opcode.Loop, new BlockType(BlockTypeKind.TypeIndex, 1), 0),
            V128(1, 1, 1, 1), Op(Opcode.I32x4Add),
            Get(0), I32(1), Op(Opcode.I32Sub), Op(Opcode.LocalTee, 0), Op(Opcode.BrIf, 0),
            Op(Opcode.End),
        ]));

        Assert.Equal(Lanes(6, 6, 6, 106), Run(module, 6));
    }

    [Theory]
    [InlineData(1u, 1u)]
    [InlineData(0u, 5u)]
    public void Select_picks_a_whole_v128(uint condition, uint lane0)
    {
        var module = Build([I32ToV128], ("f", 0, [], [
            V128(1, 2, 3, 4), V128(5, 6, 7, 8), Get(0), Op(Opcode.Select),
            V128(1, 2, 3, 4), V128(5, 6, 7, 8), Get(0), Op(Opcode.SelectTyped, (uint)ValType.V128, 1),
            Op(Opcode.I32x4Add),
        ]));

        Assert.Equal(Lanes(2 * lane0, 2 * (lane0 + 1), 2 * (lane0 + 2), 2 * (lane0 + 3)), Run(module, condition));
    }

    [Fact]
    public void Return_from_inside_blocks_takes_both_slots()
    {
        var module = Build([I32ToV128], ("f", 0, [], [
            I32(1), I64(2), // values below the result that the return must not pick up
            Block(Opcode.Block),
            Get(0), Op(Opcode.If),
            V128(9, 8, 7, 6), Op(Opcode.Return),
            Op(Opcode.End),
            Op(Opcode.End),
            Op(Opcode.Drop), Op(Opcode.Drop),
            V128(1, 1, 1, 1),
        ]));

        Assert.Equal(Lanes(9, 8, 7, 6), Run(module, 1));
        Assert.Equal(Lanes(1, 1, 1, 1), Run(module, 0));
    }

    private static ulong[] Run(Module module, uint argument)
    {
        var store = new Store();
        return Executor.Invoke(store, Instantiate(module, store).GetFunction("f"), [argument]);
    }

    private static Instruction V128(uint a, uint b, uint c, uint d)
    {
        var (low, high) = ((ulong)b << 32 | a, (ulong)d << 32 | c);
        return new Instruction(Opcode.V128Const, 0, 0, low, high, 0);
    }

    private static ulong[] Lanes(uint a, uint b, uint c, uint d) => [(ulong)b << 32 | a, (ulong)d << 32 | c];
}
