using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary.Sections;

/// <summary>
/// Section 0: custom sections, allowed anywhere. Only the name must be well formed; the payload is kept
/// as is (its size is bounded by the section size), and the "name" section is additionally interpreted.
/// </summary>
internal static class CustomSectionDecoder
{
    public const string NameSectionName = "name";

    public static void Decode(ref WasmReader reader, DecodeContext context)
    {
        string name = reader.ReadName();
        int payloadOffset = reader.Offset;
        var payload = reader.ReadBytes(reader.Remaining);
        context.Module.CustomSections.Add(new CustomSection(name, payload.ToArray(), payloadOffset));
        if (name == NameSectionName)
        {
            context.Module.Names = NameSectionDecoder.TryDecode(payload, payloadOffset);
        }
    }
}
