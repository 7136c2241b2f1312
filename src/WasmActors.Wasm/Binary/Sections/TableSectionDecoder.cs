namespace WasmActors.Wasm.Binary.Sections;

/// <summary>Section 4: table types. More than one table is allowed since Wasm 2.0.</summary>
internal static class TableSectionDecoder
{
    public static void Decode(ref WasmReader reader, DecodeContext context)
    {
        int count = reader.ReadLength();
        var tables = context.Module.Tables;
        for (int i = 0; i < count; i++)
        {
            tables.Add(TypeDecoder.ReadTableType(ref reader));
        }
    }
}
