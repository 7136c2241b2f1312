namespace WasmActors.Wasm.Binary.Sections;

/// <summary>Section 3: the type index of each defined function; bodies follow in the code section.</summary>
internal static class FunctionSectionDecoder
{
    public static void Decode(ref WasmReader reader, DecodeContext context)
    {
        int count = reader.ReadLength();
        var typeIndices = context.FunctionTypeIndices;
        typeIndices.Capacity = count;
        for (int i = 0; i < count; i++)
        {
            typeIndices.Add(reader.ReadU32());
        }
    }
}
