using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>Evaluates a validated constant expression (initialisers and segment offsets) in a module instance.</summary>
internal static class ConstExprEvaluator
{
    public static ulong Evaluate(ConstExpr expression, ModuleInstance instance)
    {
        // A valid constant expression in Wasm 2.0 is exactly one value-producing instruction followed by end.
        ulong value = 0;
        foreach (var instruction in expression.Instructions)
        {
            switch (instruction.Opcode)
            {
                case Opcode.I32Const:
                case Opcode.F32Const:
                    value = instruction.C & 0xFFFF_FFFF;
                    break;
                case Opcode.I64Const:
                case Opcode.F64Const:
                    value = instruction.C;
                    break;
                case Opcode.RefNull:
                    value = RefValue.Null;
                    break;
                case Opcode.RefFunc:
                    value = RefValue.FromFunction(instance.Functions[instruction.A]);
                    break;
                case Opcode.GlobalGet:
                    value = instance.Globals[instruction.A].Value;
                    break;
                case Opcode.End:
                    return value;
                case Opcode.V128Const:
                    // A v128 global needs 16 bytes; until v128 execution exists it cannot be instantiated.
                    throw new WasmTrapException(Execution.SimdSupport.NotImplemented);
                default:
                    throw new WasmValidationException($"constant expression required, found {instruction.Opcode}", offset: instruction.Offset);
            }
        }

        return value;
    }
}
