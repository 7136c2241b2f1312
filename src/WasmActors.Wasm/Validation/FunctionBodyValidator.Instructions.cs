using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>Typing of numeric, parametric, variable and call instructions, dispatching the rest.</summary>
internal sealed partial class FunctionBodyValidator
{
    private void CheckOther(in Instruction instruction)
    {
        var numeric = InstructionSignatures.Numeric(instruction.Opcode);
        if (numeric.IsDefined)
        {
            if (numeric.Right != 0)
            {
                Pop(numeric.Right);
            }

            Pop(numeric.Left);
            Push(numeric.Result);
            return;
        }

        var access = InstructionSignatures.Memory(instruction.Opcode);
        if (access.IsDefined)
        {
            CheckMemoryAccess(access, instruction.A, instruction.B);
            return;
        }

        if (IsSimd(instruction.Opcode))
        {
            CheckSimd(in instruction);
            return;
        }

        switch (instruction.Opcode)
        {
            case Opcode.I32Const:
                Push(ValType.I32);
                break;
            case Opcode.I64Const:
                Push(ValType.I64);
                break;
            case Opcode.F32Const:
                Push(ValType.F32);
                break;
            case Opcode.F64Const:
                Push(ValType.F64);
                break;
            case Opcode.Call:
                CheckCall(instruction.A);
                break;
            case Opcode.CallIndirect:
                CheckCallIndirect(instruction.A, instruction.B);
                break;
            case Opcode.Drop:
                Pop();
                break;
            case Opcode.Select:
                CheckSelect();
                break;
            case Opcode.SelectTyped:
                CheckTypedSelect(in instruction);
                break;
            case Opcode.LocalGet:
                Push(LocalType(instruction.A));
                break;
            case Opcode.LocalSet:
                Pop(LocalType(instruction.A));
                break;
            case Opcode.LocalTee:
                var localType = LocalType(instruction.A);
                Pop(localType);
                Push(localType);
                break;
            case Opcode.GlobalGet:
                Push(Global(instruction.A).Type);
                break;
            case Opcode.GlobalSet:
                CheckGlobalSet(instruction.A);
                break;
            default:
                CheckMemoryOrReference(in instruction);
                break;
        }
    }

    private void CheckCall(uint function)
    {
        if (function >= (uint)context.FunctionTypes.Length)
        {
            throw Error(ValidationMessages.UnknownFunction(function));
        }

        var type = context.FunctionTypes[function];
        PopAll(type.Parameters);
        PushAll(type.Results);
    }

    private void CheckCallIndirect(uint typeIndex, uint table)
    {
        var elementType = Table(table).ElementType;
        var type = context.TypeAt(typeIndex, functionIndex, offset);
        if (elementType != ValType.FuncRef)
        {
            throw Error(ValidationMessages.TypeMismatch);
        }

        Pop(ValType.I32);
        PopAll(type.Parameters);
        PushAll(type.Results);
    }

    private void CheckSelect()
    {
        Pop(ValType.I32);
        var first = Pop();
        var second = Pop();

        // Without a type annotation select only works on numeric and vector operands, whose type can be
        // read off the stack; Unknown (from unreachable code) matches either.
        if (!IsNumericVectorOrUnknown(first) || !IsNumericVectorOrUnknown(second))
        {
            throw Error(ValidationMessages.TypeMismatch);
        }

        if (first != second && first != Unknown && second != Unknown)
        {
            throw Error(ValidationMessages.TypeMismatch);
        }

        Push(first == Unknown ? second : first);
    }

    private void CheckTypedSelect(in Instruction instruction)
    {
        // The binary format allows any number of annotated types, but Wasm 2.0 gives meaning to exactly one;
        // the loader passes the count in B and the first type in A.
        if (instruction.B != 1)
        {
            throw Error(ValidationMessages.InvalidResultArity);
        }

        var type = (ValType)instruction.A;
        if (!Enum.IsDefined(type))
        {
            throw Error(ValidationMessages.InvalidValueType);
        }

        Pop(ValType.I32);
        Pop(type);
        Pop(type);
        Push(type);
    }

    private void CheckGlobalSet(uint index)
    {
        var global = Global(index);
        if (!global.Mutable)
        {
            throw Error(ValidationMessages.GlobalIsImmutable);
        }

        Pop(global.Type);
    }

    private void PopI32s(int count)
    {
        for (var i = 0; i < count; i++)
        {
            Pop(ValType.I32);
        }
    }

    private static bool IsNumericVectorOrUnknown(ValType type) => type == Unknown || type == ValType.V128 || type.IsNumeric();

    private ValType LocalType(uint index)
    {
        if (index < (uint)parameters.Length)
        {
            return parameters[index];
        }

        var localIndex = index - (uint)parameters.Length;
        return localIndex < (uint)locals.Length ? locals[localIndex] : throw Error(ValidationMessages.UnknownLocal(index));
    }

    private GlobalType Global(uint index) =>
        index < (uint)context.Globals.Length ? context.Globals[index] : throw Error(ValidationMessages.UnknownGlobal(index));
}
