using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Execution;

/// <summary>How many 64-bit slots values take: one each, two for a v128.</summary>
internal static class Slots
{
    public static int Of(ValType type) => type == ValType.V128 ? 2 : 1;

    public static int Of(ValType[] types)
    {
        var count = types.Length;
        foreach (var type in types)
        {
            if (type == ValType.V128)
            {
                count++;
            }
        }

        return count;
    }
}
