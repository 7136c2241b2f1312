using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary.Sections;

/// <summary>Section 7: exports, each a name, a kind and an index into that kind's index space.</summary>
internal static class ExportSectionDecoder
{
    public static void Decode(ref WasmReader reader, DecodeContext context)
    {
        int count = reader.ReadLength();
        var exports = context.Module.Exports;
        exports.Capacity = count;
        for (int i = 0; i < count; i++)
        {
            string name = reader.ReadName();
            int at = reader.Offset;
            byte kind = reader.ReadByte();
            if (kind > (byte)ExternalKind.Global)
            {
                WasmReader.Fail(MalformedMessages.MalformedExportKind, at);
            }

            exports.Add(new Export(name, (ExternalKind)kind, reader.ReadU32()));
        }
    }
}
