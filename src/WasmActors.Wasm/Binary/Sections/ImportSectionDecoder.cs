using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary.Sections;

/// <summary>Section 2: imports, each a module name, a field name and a descriptor of one of four kinds.</summary>
internal static class ImportSectionDecoder
{
    public static void Decode(ref WasmReader reader, DecodeContext context)
    {
        int count = reader.ReadLength();
        var imports = context.Module.Imports;
        imports.Capacity = count;
        for (int i = 0; i < count; i++)
        {
            string moduleName = reader.ReadName();
            string name = reader.ReadName();
            imports.Add(new Import(moduleName, name, ReadDescriptor(ref reader)));
        }
    }

    private static ImportDescriptor ReadDescriptor(ref WasmReader reader)
    {
        int at = reader.Offset;
        byte kind = reader.ReadByte();
        switch (kind)
        {
            case (byte)ExternalKind.Function:
                return new FunctionImport(reader.ReadU32());
            case (byte)ExternalKind.Table:
                return new TableImport(TypeDecoder.ReadTableType(ref reader));
            case (byte)ExternalKind.Memory:
                return new MemoryImport(TypeDecoder.ReadMemoryType(ref reader));
            case (byte)ExternalKind.Global:
                return new GlobalImport(TypeDecoder.ReadGlobalType(ref reader));
            default:
                WasmReader.Fail(MalformedMessages.MalformedImportKind, at);
                return null;
        }
    }
}
