using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The engine decodes and validates fixed-width SIMD but does not execute it yet. A function that touches v128
/// (in its signature, its locals or its instructions) is refused when it is first compiled, with a typed trap
/// instead of a crash, so that modules using SIMD elsewhere still load, validate and run their other functions.
/// </summary>
public static class SimdSupport
{
    public const string NotImplemented = "SIMD (v128) execution is not implemented";

    internal static void RejectSimd(WasmFunction function)
    {
        if (UsesV128(function.Type.Parameters) || UsesV128(function.Type.Results) || UsesV128(function.Body.Locals))
        {
            throw new WasmTrapException(NotImplemented);
        }

        foreach (var instruction in function.Body.Body)
        {
            if (((uint)instruction.Opcode & 0xFF00) == 0xFD00 || IsV128Block(in instruction))
            {
                throw new WasmTrapException(NotImplemented);
            }
        }
    }

    private static bool UsesV128(ValType[] types) => Array.IndexOf(types, ValType.V128) >= 0;

    private static bool IsV128Block(in Instruction instruction) => instruction.Opcode switch
    {
        Opcode.SelectTyped => instruction.A == (uint)ValType.V128,
        Opcode.Block or Opcode.Loop or Opcode.If =>
            instruction.BlockType.Kind == BlockTypeKind.SingleValue && instruction.B == (uint)ValType.V128,
        _ => false,
    };
}
