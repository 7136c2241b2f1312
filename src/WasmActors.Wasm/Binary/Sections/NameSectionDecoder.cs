using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary.Sections;

/// <summary>
/// The "name" custom section (debug names): subsection 0 the module name, 1 function names, 2 local names.
/// Other subsections are skipped. A malformed name section does not make the module malformed (custom
/// sections never do); it is then ignored as a whole.
/// </summary>
internal static class NameSectionDecoder
{
    private const byte ModuleNameSubsection = 0;
    private const byte FunctionNamesSubsection = 1;
    private const byte LocalNamesSubsection = 2;

    public static NameSection? TryDecode(ReadOnlySpan<byte> payload, int payloadOffset)
    {
        try
        {
            var reader = WasmReader.ForRegion(payload, payloadOffset);
            return Decode(ref reader);
        }
        catch (WasmLoadException)
        {
            return null;
        }
    }

    private static NameSection Decode(ref WasmReader reader)
    {
        var names = new NameSection();
        while (!reader.AtEnd)
        {
            byte id = reader.ReadByte();
            int size = reader.ReadLength();
            var subsection = reader.ReadRegion(size);
            switch (id)
            {
                case ModuleNameSubsection:
                    names.ModuleName = subsection.ReadName();
                    break;
                case FunctionNamesSubsection:
                    ReadNameMap(ref subsection, names.FunctionNames);
                    break;
                case LocalNamesSubsection:
                    ReadLocalNames(ref subsection, names.LocalNames);
                    break;
                default:
                    continue;
            }

            if (!subsection.AtEnd)
            {
                WasmReader.Fail(MalformedMessages.SectionSizeMismatch, subsection.Offset);
            }
        }

        return names;
    }

    private static void ReadNameMap(ref WasmReader reader, Dictionary<uint, string> map)
    {
        int count = reader.ReadLength();
        for (int i = 0; i < count; i++)
        {
            uint index = reader.ReadU32();
            map[index] = reader.ReadName();
        }
    }

    private static void ReadLocalNames(ref WasmReader reader, Dictionary<uint, Dictionary<uint, string>> locals)
    {
        int count = reader.ReadLength();
        for (int i = 0; i < count; i++)
        {
            uint function = reader.ReadU32();
            var map = new Dictionary<uint, string>();
            ReadNameMap(ref reader, map);
            locals[function] = map;
        }
    }
}
