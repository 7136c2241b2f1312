namespace WasmActors.Wasm.Binary.Sections;

/// <summary>
/// Section 12: the number of data segments, declared ahead of the code section so that a single-pass
/// validator can check memory.init and data.drop indices.
/// </summary>
internal static class DataCountSectionDecoder
{
    public static void Decode(ref WasmReader reader, DecodeContext context) =>
        context.Module.DataCount = reader.ReadU32();
}
