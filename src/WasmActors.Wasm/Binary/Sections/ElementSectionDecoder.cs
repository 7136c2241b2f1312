using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary.Sections;

/// <summary>
/// Section 9: element segments in the eight encodings of Wasm 2.0. The flags' bit 0 marks a passive or
/// declarative segment, bit 1 an explicit table index (active) or declarative (otherwise), bit 2 items given
/// as expressions instead of function indices. Function indices become one ref.func expression per item.
/// </summary>
internal static class ElementSectionDecoder
{
    private const uint PassiveOrDeclarativeBit = 1;
    private const uint ExplicitTableOrDeclarativeBit = 2;
    private const uint ExpressionsBit = 4;
    private const byte FuncRefElementKind = 0x00;

    public static void Decode(ref WasmReader reader, DecodeContext context)
    {
        int count = reader.ReadLength();
        var elements = context.Module.Elements;
        elements.Capacity = count;
        for (int i = 0; i < count; i++)
        {
            elements.Add(ReadSegment(ref reader, context));
        }
    }

    private static ElementSegment ReadSegment(ref WasmReader reader, DecodeContext context)
    {
        int at = reader.Offset;
        uint flags = reader.ReadU32();
        if (flags > 7)
        {
            WasmReader.Fail(MalformedMessages.MalformedElementSegmentKind, at);
        }

        bool active = (flags & PassiveOrDeclarativeBit) == 0;
        var mode = active ? SegmentMode.Active
            : (flags & ExplicitTableOrDeclarativeBit) != 0 ? SegmentMode.Declarative
            : SegmentMode.Passive;
        bool explicitTable = active && (flags & ExplicitTableOrDeclarativeBit) != 0;
        bool expressions = (flags & ExpressionsBit) != 0;

        uint table = explicitTable ? reader.ReadU32() : 0;
        ConstExpr? offset = active ? new ConstExpr(InstructionDecoder.Decode(ref reader, context)) : null;

        // Flags 0 and 4 imply funcref; the others state an element kind (index forms) or a reference type.
        var elementType = ValType.FuncRef;
        if (flags is not (0 or 4))
        {
            if (expressions)
            {
                elementType = TypeDecoder.ReadRefType(ref reader);
            }
            else
            {
                ReadElementKind(ref reader);
            }
        }

        var items = expressions ? ReadExpressions(ref reader, context) : ReadFunctionIndices(ref reader);
        return new ElementSegment(mode, table, offset, elementType, items);
    }

    private static void ReadElementKind(ref WasmReader reader)
    {
        int at = reader.Offset;
        if (reader.ReadByte() != FuncRefElementKind)
        {
            WasmReader.Fail(MalformedMessages.MalformedElementKind, at);
        }
    }

    private static ConstExpr[] ReadExpressions(ref WasmReader reader, DecodeContext context)
    {
        int count = reader.ReadLength();
        var items = new ConstExpr[count];
        for (int i = 0; i < count; i++)
        {
            items[i] = new ConstExpr(InstructionDecoder.Decode(ref reader, context));
        }

        return items;
    }

    private static ConstExpr[] ReadFunctionIndices(ref WasmReader reader)
    {
        int count = reader.ReadLength();
        var items = new ConstExpr[count];
        for (int i = 0; i < count; i++)
        {
            int at = reader.Offset;
            uint function = reader.ReadU32();
            items[i] = new ConstExpr([new Instruction(Opcode.RefFunc, function, offset: at), new Instruction(Opcode.End, offset: at)]);
        }

        return items;
    }
}
