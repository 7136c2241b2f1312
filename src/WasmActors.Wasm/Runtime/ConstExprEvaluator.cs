using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Runtime;

/// <summary>Evaluates a validated constant expression (initialisers and segment offsets) in a module instance.</summary>
internal static class ConstExprEvaluator
{
    public static ulong Evaluate(ConstExpr expression, ModuleInstance instance) => Evaluate(expression, instance, out _);

    /// <summary>Evaluates to a raw value; for a v128, <paramref name="high"/> receives its high 64 bits (else 0).</summary>
    public static ulong Evaluate(ConstExpr expression, ModuleInstance instance, out ulong high)
    {
        // A valid constant expression in Wasm 2.0 is exactly one value-producing instruction followed by end.
        ulong value = 0;
        high = 0;
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
                    high = instance.Globals[instruction.A].High;
                    break;
                case Opcode.End:
                    return value;
                case Opcode.V128Const:
                    value = instruction.C;
                    high = instruction.D;
                    break;
                default:
                    throw new WasmValidationException($"constant expression required, found {instruction.Opcode}", offset: instruction.Offset);
            }
        }

        return value;
    }
}
