using System.Runtime.CompilerServices;
using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary;

/// <summary>
/// Decodes an expression (a function body or a constant expression) into a flat instruction array. Block
/// structure is tracked with an explicit stack of open-block kinds, never by recursion, so nesting depth is
/// bounded only by the input length. Only syntax is checked here; typing and index ranges are the validator's.
/// </summary>
internal static class InstructionDecoder
{
    private const byte OpenBlock = 0;
    private const byte OpenIf = 1;
    private const byte OpenElse = 2;

    private static readonly bool[] PlainOpcodes = BuildPlainOpcodes();

    /// <summary>
    /// Reads instructions up to and including the <see cref="Opcode.End"/> that closes the expression.
    /// </summary>
    public static Instruction[] Decode(ref WasmReader reader, DecodeContext context)
    {
        context.Instructions.Clear();
        var output = new KeptInstructions(context.Instructions);
        Read(ref reader, context, ref output);
        return context.Instructions.ToArray();
    }

    /// <summary>
    /// Decodes an expression that <see cref="Check"/> already accepted when its module was loaded (a function body
    /// decoded on first use), from its bytes and their file offset, so the instructions carry the offsets of an eager decode.
    /// </summary>
    public static Instruction[] DecodeChecked(ReadOnlySpan<byte> expression, int offset)
    {
        var reader = WasmReader.ForRegion(expression, offset);
        return Decode(ref reader, new DecodeContext(EngineConfig.Default, expression.Length));
    }

    /// <summary>
    /// Checks an expression exactly as <see cref="Decode"/> reads it, with the same errors, but keeps nothing: what a
    /// function body's syntax costs when its instructions are only decoded on first use.
    /// </summary>
    public static void Check(ref WasmReader reader, DecodeContext context)
    {
        var output = default(DroppedInstructions);
        Read(ref reader, context, ref output);
    }

    // Optimised from the first call: a large module is mostly its code, read once while the process is still cold.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Read<TOutput>(ref WasmReader reader, DecodeContext context, ref TOutput output)
        where TOutput : struct, IInstructionOutput
    {
        var stack = context.ControlStack;
        int depth = 0;

        while (true)
        {
            if (reader.AtEnd)
            {
                WasmReader.Fail(MalformedMessages.EndOpcodeExpected, reader.Offset);
            }

            int offset = reader.Offset;
            byte op = reader.ReadByte();

            if (PlainOpcodes[op])
            {
                output.Add(new Instruction((Opcode)op, offset: offset));
                continue;
            }

            switch (op)
            {
                case 0x02: // block
                case 0x03: // loop
                case 0x04: // if
                    var blockType = ReadBlockType(ref reader);
                    if (depth == stack.Length)
                    {
                        Array.Resize(ref stack, stack.Length * 2);
                        context.ControlStack = stack;
                    }

                    stack[depth++] = op == 0x04 ? OpenIf : OpenBlock;
                    output.Add(BlockType.Encode((Opcode)op, blockType, offset));
                    break;

                case 0x05: // else: only once, directly inside an if
                    if (depth == 0 || stack[depth - 1] != OpenIf)
                    {
                        WasmReader.Fail(MalformedMessages.EndOpcodeExpected, offset);
                    }

                    stack[depth - 1] = OpenElse;
                    output.Add(new Instruction(Opcode.Else, offset: offset));
                    break;

                case 0x0B: // end
                    output.Add(new Instruction(Opcode.End, offset: offset));
                    if (depth == 0)
                    {
                        return;
                    }

                    depth--;
                    break;

                case 0x0C: // br
                case 0x0D: // br_if
                case 0x10: // call
                case 0x20: // local.get
                case 0x21: // local.set
                case 0x22: // local.tee
                case 0x23: // global.get
                case 0x24: // global.set
                case 0x25: // table.get
                case 0x26: // table.set
                case 0xD2: // ref.func
                    output.Add(new Instruction((Opcode)op, reader.ReadU32(), offset: offset));
                    break;

                case 0x0E: // br_table
                    output.Add(ReadBrTable(ref reader, offset));
                    break;

                case 0x11: // call_indirect: type index, then (since 2.0) a table index
                    uint typeIndex = reader.ReadU32();
                    output.Add(new Instruction(Opcode.CallIndirect, typeIndex, reader.ReadU32(), offset: offset));
                    break;

                case 0x1C: // select with a vector of value types
                    output.Add(ReadTypedSelect(ref reader, offset));
                    break;

                case >= 0x28 and <= 0x3E: // loads and stores
                    output.Add(ReadMemoryAccess(ref reader, (Opcode)op, offset));
                    break;

                case 0x3F: // memory.size
                case 0x40: // memory.grow
                    ExpectZeroByte(ref reader);
                    output.Add(new Instruction((Opcode)op, offset: offset));
                    break;

                case 0x41:
                    output.Add(new Instruction(Opcode.I32Const, c: (uint)reader.ReadS32(), offset: offset));
                    break;

                case 0x42:
                    output.Add(new Instruction(Opcode.I64Const, c: (ulong)reader.ReadS64(), offset: offset));
                    break;

                case 0x43:
                    output.Add(new Instruction(Opcode.F32Const, c: reader.ReadFixedU32(), offset: offset));
                    break;

                case 0x44:
                    output.Add(new Instruction(Opcode.F64Const, c: reader.ReadFixedU64(), offset: offset));
                    break;

                case 0xD0: // ref.null
                    output.Add(new Instruction(Opcode.RefNull, (uint)TypeDecoder.ReadRefType(ref reader), offset: offset));
                    break;

                case 0xFC:
                    output.Add(ReadPrefixed(ref reader, context, offset));
                    break;

                case 0xFD:
                    output.Add(SimdDecoder.Read(ref reader, offset));
                    break;

                default:
                    WasmReader.Fail(MalformedMessages.IllegalOpcode, offset);
                    break;
            }
        }
    }

    private static BlockType ReadBlockType(ref WasmReader reader)
    {
        int at = reader.Offset;
        byte b = reader.PeekByte();
        if (b == 0x40)
        {
            reader.ReadByte();
            return new BlockType(BlockTypeKind.Empty, 0);
        }

        // A single value type is a one-byte negative s33; any other negative value is malformed.
        if (b is >= 0x40 and < 0x80)
        {
            reader.ReadByte();
            return new BlockType(BlockTypeKind.SingleValue, (uint)TypeDecoder.ToValType(b, at));
        }

        long index = reader.ReadS33();
        if (index < 0)
        {
            WasmReader.Fail(MalformedMessages.MalformedBlockType, at);
        }

        return new BlockType(BlockTypeKind.TypeIndex, (uint)index);
    }

    private static Instruction ReadBrTable(ref WasmReader reader, int offset)
    {
        int count = reader.ReadLength();
        var labels = count == 0 ? [] : new uint[count];
        for (int i = 0; i < labels.Length; i++)
        {
            labels[i] = reader.ReadU32();
        }

        return new Instruction(Opcode.BrTable, reader.ReadU32(), labels: labels, offset: offset);
    }

    /// <summary>
    /// Typed select. The validator requires exactly one type; any count is syntactically fine, so A holds the
    /// first type (0 when there is none) and B the count, leaving the arity check to validation.
    /// </summary>
    private static Instruction ReadTypedSelect(ref WasmReader reader, int offset)
    {
        int count = reader.ReadLength();
        uint first = 0;
        for (int i = 0; i < count; i++)
        {
            var type = TypeDecoder.ReadValType(ref reader);
            if (i == 0)
            {
                first = (uint)type;
            }
        }

        return new Instruction(Opcode.SelectTyped, first, (uint)count, offset: offset);
    }

    /// <summary>
    /// A memarg: alignment exponent and offset. In Wasm 2.0 the alignment field must stay below 32; larger
    /// values are flag bits reserved by later proposals (multi-memory), hence "malformed memop flags".
    /// </summary>
    private static Instruction ReadMemoryAccess(ref WasmReader reader, Opcode opcode, int offset)
    {
        int at = reader.Offset;
        uint align = reader.ReadU32();
        if (align >= 32)
        {
            WasmReader.Fail(MalformedMessages.MalformedMemopFlags, at);
        }

        uint memoryOffset = reader.ReadU32();
        return new Instruction(opcode, align, 0, memoryOffset, offset: offset);
    }

    private static Instruction ReadPrefixed(ref WasmReader reader, DecodeContext context, int offset)
    {
        uint sub = reader.ReadU32();
        var opcode = (Opcode)(0xFC00 | (sub & 0xFF));
        switch (sub)
        {
            case <= 7: // saturating float-to-int conversions
                return new Instruction(opcode, offset: offset);

            case 8: // memory.init data, memory(reserved zero byte)
                {
                    uint data = reader.ReadU32();
                    ExpectZeroByte(ref reader);
                    NoteDataIndex(context, offset);
                    return new Instruction(opcode, data, 0, offset: offset);
                }

            case 9: // data.drop
                NoteDataIndex(context, offset);
                return new Instruction(opcode, reader.ReadU32(), offset: offset);

            case 10: // memory.copy: two reserved zero bytes
                ExpectZeroByte(ref reader);
                ExpectZeroByte(ref reader);
                return new Instruction(opcode, offset: offset);

            case 11: // memory.fill
                ExpectZeroByte(ref reader);
                return new Instruction(opcode, offset: offset);

            case 12: // table.init elem table
            case 14: // table.copy destination source
                {
                    uint first = reader.ReadU32();
                    return new Instruction(opcode, first, reader.ReadU32(), offset: offset);
                }

            case 13: // elem.drop
            case 15: // table.grow
            case 16: // table.size
            case 17: // table.fill
                return new Instruction(opcode, reader.ReadU32(), offset: offset);

            default:
                WasmReader.Fail(MalformedMessages.IllegalOpcode, offset);
                return default;
        }
    }

    private static void NoteDataIndex(DecodeContext context, int offset)
    {
        if (!context.UsesDataIndex)
        {
            context.UsesDataIndex = true;
            context.FirstDataIndexOffset = offset;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ExpectZeroByte(ref WasmReader reader)
    {
        int at = reader.Offset;
        if (reader.ReadByte() != 0)
        {
            WasmReader.Fail(MalformedMessages.ZeroByteExpected, at);
        }
    }

    /// <summary>Single-byte opcodes without immediates (control opcodes with structure are handled apart).</summary>
    private static bool[] BuildPlainOpcodes()
    {
        var plain = new bool[256];
        plain[0x00] = true; // unreachable
        plain[0x01] = true; // nop
        plain[0x0F] = true; // return
        plain[0x1A] = true; // drop
        plain[0x1B] = true; // select
        for (int op = 0x45; op <= 0xC4; op++)
        {
            plain[op] = true; // numeric operators, conversions, sign extension
        }

        plain[0xD1] = true; // ref.is_null
        return plain;
    }
}

/// <summary>Where <see cref="InstructionDecoder"/> puts what it reads; a struct, so the JIT drops a discarding one entirely.</summary>
internal interface IInstructionOutput
{
    void Add(Instruction instruction);
}

internal readonly struct KeptInstructions(List<Instruction> list) : IInstructionOutput
{
    public void Add(Instruction instruction) => list.Add(instruction);
}

internal readonly struct DroppedInstructions : IInstructionOutput
{
    public void Add(Instruction instruction)
    {
    }
}
