namespace WasmActors.Wasm.Binary.Sections;

/// <summary>Section 5: memory types. "At most one memory" is a validation rule, not checked here.</summary>
internal static class MemorySectionDecoder
{
    public static void Decode(ref WasmReader reader, DecodeContext context)
    {
        int count = reader.ReadLength();
        var memories = context.Module.Memories;
        for (int i = 0; i < count; i++)
        {
            memories.Add(TypeDecoder.ReadMemoryType(ref reader));
        }
    }
}
