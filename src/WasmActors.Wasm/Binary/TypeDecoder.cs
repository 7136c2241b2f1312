using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary;

/// <summary>Decodes the type encodings shared by several sections: value, reference, table, memory and global types.</summary>
internal static class TypeDecoder
{
    public static ValType ReadValType(ref WasmReader reader)
    {
        int at = reader.Offset;
        byte b = reader.ReadByte();
        return ToValType(b, at);
    }

    /// <summary>Interprets an already-read value type byte.</summary>
    public static ValType ToValType(byte b, int at)
    {
        switch (b)
        {
            case (byte)ValType.I32:
            case (byte)ValType.I64:
            case (byte)ValType.F32:
            case (byte)ValType.F64:
            case (byte)ValType.FuncRef:
            case (byte)ValType.ExternRef:
            case (byte)ValType.V128:
                return (ValType)b;
            default:
                WasmReader.Fail(MalformedMessages.MalformedValueType, at);
                return default;
        }
    }

    public static ValType ReadRefType(ref WasmReader reader)
    {
        int at = reader.Offset;
        byte b = reader.ReadByte();
        if (b is not ((byte)ValType.FuncRef or (byte)ValType.ExternRef))
        {
            WasmReader.Fail(MalformedMessages.MalformedReferenceType, at);
        }

        return (ValType)b;
    }

    /// <summary>
    /// Limits: a flag (encoded as a one-bit LEB128, so the spec reports "integer too large" for other values),
    /// the minimum, and the maximum when the flag is set.
    /// </summary>
    public static Limits ReadLimits(ref WasmReader reader)
    {
        int at = reader.Offset;
        byte flags = reader.ReadByte();
        if (flags >= 0x80)
        {
            WasmReader.Fail(MalformedMessages.IntegerTooLong, at);
        }

        if (flags > 1)
        {
            WasmReader.Fail(MalformedMessages.IntegerTooLarge, at);
        }

        uint min = reader.ReadU32();
        uint? max = flags == 1 ? reader.ReadU32() : null;
        return new Limits(min, max);
    }

    public static TableType ReadTableType(ref WasmReader reader)
    {
        var elementType = ReadRefType(ref reader);
        return new TableType(elementType, ReadLimits(ref reader));
    }

    public static MemoryType ReadMemoryType(ref WasmReader reader) => new(ReadLimits(ref reader));

    public static GlobalType ReadGlobalType(ref WasmReader reader)
    {
        var type = ReadValType(ref reader);
        int at = reader.Offset;
        byte mutability = reader.ReadByte();
        if (mutability > 1)
        {
            WasmReader.Fail(MalformedMessages.MalformedMutability, at);
        }

        return new GlobalType(type, mutability == 1);
    }
}
