using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>
/// Checks constant expressions (global initialisers, segment offsets, element items) under Wasm 2.0 rules:
/// only t.const, ref.null, ref.func and global.get of an imported immutable global, yielding exactly one value
/// of the expected type.
/// </summary>
internal static class ConstExprValidator
{
    public static void Validate(ConstExpr expression, ValType expected, ModuleContext context)
    {
        var instructions = expression.Instructions;

        // Constness is checked before typing, as the spec interpreter does: "(nop)" is reported as a
        // non-constant instruction, not as a missing value.
        var endIndex = -1;
        for (var i = 0; i < instructions.Length; i++)
        {
            var instruction = instructions[i];
            if (instruction.Opcode == Opcode.End)
            {
                endIndex = i;
                break;
            }

            CheckConstant(instruction, context);
        }

        if (endIndex != instructions.Length - 1)
        {
            var offset = instructions.Length > 0 ? instructions[^1].Offset : (int?)null;
            throw new WasmValidationException(ValidationMessages.ConstantExpressionRequired, offset: offset);
        }

        if (endIndex != 1 || TypeOf(instructions[0], context) != expected)
        {
            throw new WasmValidationException(ValidationMessages.TypeMismatch, offset: instructions[endIndex].Offset);
        }
    }

    /// <summary>Marks every function a constant expression references as declared (the spec's C.refs).</summary>
    public static void DeclareReferencedFunctions(ConstExpr? expression, bool[] declared)
    {
        if (expression is null)
        {
            return;
        }

        foreach (var instruction in expression.Instructions)
        {
            if (instruction.Opcode == Opcode.RefFunc && instruction.A < (uint)declared.Length)
            {
                declared[instruction.A] = true;
            }
        }
    }

    private static void CheckConstant(Instruction instruction, ModuleContext context)
    {
        switch (instruction.Opcode)
        {
            case Opcode.I32Const or Opcode.I64Const or Opcode.F32Const or Opcode.F64Const or Opcode.V128Const:
                return;
            case Opcode.RefNull:
                if (!((ValType)instruction.A).IsReference())
                {
                    throw new WasmValidationException(ValidationMessages.InvalidReferenceType, offset: instruction.Offset);
                }

                return;
            case Opcode.RefFunc:
                if (instruction.A >= (uint)context.FunctionTypes.Length)
                {
                    throw new WasmValidationException(ValidationMessages.UnknownFunction(instruction.A), offset: instruction.Offset);
                }

                return;
            case Opcode.GlobalGet:
                if (instruction.A >= (uint)context.ImportedGlobalCount)
                {
                    throw new WasmValidationException(ValidationMessages.UnknownGlobal(instruction.A), offset: instruction.Offset);
                }

                if (context.Globals[instruction.A].Mutable)
                {
                    throw new WasmValidationException(ValidationMessages.ConstantExpressionRequired, offset: instruction.Offset);
                }

                return;
            default:
                throw new WasmValidationException(ValidationMessages.ConstantExpressionRequired, offset: instruction.Offset);
        }
    }

    private static ValType TypeOf(Instruction instruction, ModuleContext context) => instruction.Opcode switch
    {
        Opcode.I32Const => ValType.I32,
        Opcode.I64Const => ValType.I64,
        Opcode.F32Const => ValType.F32,
        Opcode.F64Const => ValType.F64,
        Opcode.V128Const => ValType.V128,
        Opcode.RefNull => (ValType)instruction.A,
        Opcode.RefFunc => ValType.FuncRef,
        _ => context.Globals[instruction.A].Type,
    };
}
