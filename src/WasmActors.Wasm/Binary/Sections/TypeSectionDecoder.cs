using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary.Sections;

/// <summary>Section 1: function types, each 0x60 followed by parameter and result vectors.</summary>
internal static class TypeSectionDecoder
{
    private const byte FunctionTypeForm = 0x60;

    public static void Decode(ref WasmReader reader, DecodeContext context)
    {
        int count = reader.ReadLength();
        var types = context.Module.Types;
        types.Capacity = count;
        for (int i = 0; i < count; i++)
        {
            int at = reader.Offset;
            if (reader.ReadByte() != FunctionTypeForm)
            {
                WasmReader.Fail(MalformedMessages.MalformedFunctionType, at);
            }

            var parameters = ReadValTypes(ref reader);
            var results = ReadValTypes(ref reader);
            types.Add(new FuncType(parameters, results));
        }
    }

    private static ValType[] ReadValTypes(ref WasmReader reader)
    {
        int count = reader.ReadLength();
        if (count == 0)
        {
            return [];
        }

        var values = new ValType[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = TypeDecoder.ReadValType(ref reader);
        }

        return values;
    }
}
