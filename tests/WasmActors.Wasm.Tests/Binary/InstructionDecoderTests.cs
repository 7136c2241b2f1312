using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Model;
using static WasmActors.Wasm.Tests.Binary.WasmBytes;

namespace WasmActors.Wasm.Tests.Binary;

/// <summary>Instruction immediates, block structure and offsets, decoded through a one-function module.</summary>
public sealed class InstructionDecoderTests
{
    private const byte End = 0x0B;

    [Fact]
    public void EveryPlainNumericOpcodeDecodes()
    {
        var body = Enumerable.Range(0x45, 0xC4 - 0x45 + 1).Select(op => (byte)op).Append(End).ToArray();
        var instructions = DecodeBody(body);
        Assert.Equal(body.Select(b => (Opcode)b), instructions.Select(i => i.Opcode));
    }

    [Fact]
    public void BlockTypesDecodeAsEmptyValueOrTypeIndex()
    {
        var instructions = DecodeBody([0x02, 0x40, End, 0x03, 0x7E, End, 0x04, 0x81, 0x01, 0x05, End, End]);
        Assert.Equal(new BlockType(BlockTypeKind.Empty, 0), instructions[0].BlockType);
        Assert.Equal(new BlockType(BlockTypeKind.SingleValue, (uint)ValType.I64), instructions[2].BlockType);
        Assert.Equal(Opcode.If, instructions[4].Opcode);
        Assert.Equal(new BlockType(BlockTypeKind.TypeIndex, 129), instructions[4].BlockType);
        Assert.Equal([Opcode.Else, Opcode.End, Opcode.End], instructions[5..].Select(i => i.Opcode));
    }

    [Fact]
    public void BranchAndCallImmediates()
    {
        var instructions = DecodeBody([0x0C, 0x01, 0x0D, 0x02, 0x0E, 0x03, 0x00, 0x01, 0x02, 0x05, 0x10, 0x07, 0x11, 0x04, 0x02, End]);
        Assert.Equal((Opcode.Br, 1u), (instructions[0].Opcode, instructions[0].A));
        Assert.Equal((Opcode.BrIf, 2u), (instructions[1].Opcode, instructions[1].A));
        Assert.Equal([0u, 1u, 2u], instructions[2].Labels!);
        Assert.Equal(5u, instructions[2].A);
        Assert.Equal((Opcode.Call, 7u), (instructions[3].Opcode, instructions[3].A));
        Assert.Equal((Opcode.CallIndirect, 4u, 2u), (instructions[4].Opcode, instructions[4].A, instructions[4].B));
    }

    [Fact]
    public void VariableReferenceAndParametricImmediates()
    {
        var instructions = DecodeBody([
            0x20, 0x01, 0x21, 0x02, 0x22, 0x03, 0x23, 0x04, 0x24, 0x05, 0x25, 0x06, 0x26, 0x07,
            0xD0, 0x6F, 0xD1, 0xD2, 0x08, 0x1B, 0x1C, 0x01, 0x7D, 0x1C, 0x02, 0x7F, 0x7E, End]);
        Assert.Equal([1u, 2u, 3u, 4u, 5u, 6u, 7u], instructions[..7].Select(i => i.A));
        Assert.Equal((Opcode.RefNull, (uint)ValType.ExternRef), (instructions[7].Opcode, instructions[7].A));
        Assert.Equal(Opcode.RefIsNull, instructions[8].Opcode);
        Assert.Equal((Opcode.RefFunc, 8u), (instructions[9].Opcode, instructions[9].A));
        Assert.Equal(Opcode.Select, instructions[10].Opcode);
        Assert.Equal((Opcode.SelectTyped, (uint)ValType.F32, 1u), (instructions[11].Opcode, instructions[11].A, instructions[11].B));

        // More than one type is invalid, not malformed: decoded with its count for the validator to reject.
        Assert.Equal(((uint)ValType.I32, 2u), (instructions[12].A, instructions[12].B));
    }

    [Fact]
    public void MemoryAccessImmediates()
    {
        var instructions = DecodeBody([0x28, 0x02, 0x10, 0x3E, 0x00, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F, 0x3F, 0x00, 0x40, 0x00, End]);
        Assert.Equal((Opcode.I32Load, 2u, 0u, 16ul), (instructions[0].Opcode, instructions[0].A, instructions[0].B, instructions[0].C));
        Assert.Equal((Opcode.I64Store32, 0u, (ulong)uint.MaxValue), (instructions[1].Opcode, instructions[1].A, instructions[1].C));
        Assert.Equal([Opcode.MemorySize, Opcode.MemoryGrow], instructions[2..4].Select(i => i.Opcode));
    }

    [Fact]
    public void ConstantsKeepTheirBitPatterns()
    {
        var instructions = DecodeBody([
            0x41, 0x7F,
            0x42, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F,
            0x43, 0x01, 0x00, 0xC0, 0x7F,
            0x44, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08,
            End]);
        Assert.Equal(0xFFFF_FFFFul, instructions[0].C); // i32 zero-extended
        Assert.Equal(0x8000_0000_0000_0000ul, instructions[1].C);
        Assert.Equal(0x7FC0_0001ul, instructions[2].C); // a NaN payload survives
        Assert.Equal(0x0807_0605_0403_0201ul, instructions[3].C);
    }

    [Fact]
    public void PrefixedOpcodesDecodeWithTheirImmediates()
    {
        var instructions = DecodeBody(
            [
                0xFC, 0x00, 0xFC, 0x07,
                0xFC, 0x08, 0x03, 0x00, // memory.init 3
                0xFC, 0x09, 0x04, // data.drop 4
                0xFC, 0x0A, 0x00, 0x00, // memory.copy
                0xFC, 0x0B, 0x00, // memory.fill
                0xFC, 0x0C, 0x05, 0x01, // table.init elem 5 table 1
                0xFC, 0x0D, 0x06, // elem.drop 6
                0xFC, 0x0E, 0x02, 0x03, // table.copy 2 <- 3
                0xFC, 0x0F, 0x01, 0xFC, 0x10, 0x02, 0xFC, 0x11, 0x03,
                0xFC, 0x80, 0x00, // sub-opcode 0 as a padded LEB128
                End,
            ],
            Section(12, U32(0)));
        Assert.Equal(
            [Opcode.I32TruncSatF32S, Opcode.I64TruncSatF64U, Opcode.MemoryInit, Opcode.DataDrop, Opcode.MemoryCopy, Opcode.MemoryFill,
             Opcode.TableInit, Opcode.ElemDrop, Opcode.TableCopy, Opcode.TableGrow, Opcode.TableSize, Opcode.TableFill, Opcode.I32TruncSatF32S, Opcode.End],
            instructions.Select(i => i.Opcode));
        Assert.Equal(3u, instructions[2].A);
        Assert.Equal(4u, instructions[3].A);
        Assert.Equal((5u, 1u), (instructions[6].A, instructions[6].B));
        Assert.Equal(6u, instructions[7].A);
        Assert.Equal((2u, 3u), (instructions[8].A, instructions[8].B));
        Assert.Equal([1u, 2u, 3u], instructions[9..12].Select(i => i.A));
    }

    [Fact]
    public void EveryInstructionRecordsItsFileOffset()
    {
        var bytes = SingleFunction([0x41, 0x01, 0x41, 0x80, 0x01, 0x6A, 0x1A, End]);
        var body = ModuleLoader.Load(bytes).Functions[0].Body;
        Assert.Equal(0x41, bytes[body[0].Offset]);
        Assert.Equal(body[0].Offset + 2, body[1].Offset);
        Assert.Equal(body[1].Offset + 3, body[2].Offset);
        Assert.Equal([0x6A, 0x1A, End], body[2..].Select(i => bytes[i.Offset]));
    }

    [Fact]
    public void DeepNestingIsAFlatArrayWithoutRecursion()
    {
        const int depth = 200_000;
        var body = new byte[(depth * 3) + 1];
        for (int i = 0; i < depth; i++)
        {
            body[2 * i] = 0x02;
            body[(2 * i) + 1] = 0x40;
            body[(2 * depth) + i] = End;
        }

        body[^1] = End;
        var instructions = DecodeBody(body);
        Assert.Equal((2 * depth) + 1, instructions.Length);
        Assert.Equal(Opcode.Block, instructions[depth - 1].Opcode);
        Assert.Equal(Opcode.End, instructions[depth].Opcode);
    }

    private static Instruction[] DecodeBody(byte[] body, params byte[][] sectionsBeforeCode) =>
        ModuleLoader.Load(SingleFunction(body, sectionsBeforeCode)).Functions[0].Body;
}
