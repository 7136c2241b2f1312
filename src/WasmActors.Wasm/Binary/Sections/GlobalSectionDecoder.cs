using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Binary.Sections;

/// <summary>Section 6: globals, each a global type and an initialiser expression.</summary>
internal static class GlobalSectionDecoder
{
    public static void Decode(ref WasmReader reader, DecodeContext context)
    {
        int count = reader.ReadLength();
        var globals = context.Module.Globals;
        globals.Capacity = count;
        for (int i = 0; i < count; i++)
        {
            var type = TypeDecoder.ReadGlobalType(ref reader);
            var init = new ConstExpr(InstructionDecoder.Decode(ref reader, context));
            globals.Add(new Global(type, init));
        }
    }
}
