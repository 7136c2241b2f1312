namespace WasmActors.Wasm.Binary.Sections;

/// <summary>Section 8: the start function's index.</summary>
internal static class StartSectionDecoder
{
    public static void Decode(ref WasmReader reader, DecodeContext context) =>
        context.Module.Start = reader.ReadU32();
}
