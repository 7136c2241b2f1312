using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>Typing of memory, table and reference instructions, and the index checks they share.</summary>
internal sealed partial class FunctionBodyValidator
{
    private void CheckMemoryOrReference(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.MemorySize:
                RequireMemory(instruction.A);
                Push(ValType.I32);
                break;
            case Opcode.MemoryGrow:
                RequireMemory(instruction.A);
                Pop(ValType.I32);
                Push(ValType.I32);
                break;
            case Opcode.MemoryFill:
                RequireMemory(instruction.A);
                PopI32s(3);
                break;
            case Opcode.MemoryCopy:
                RequireMemory(instruction.A);
                RequireMemory(instruction.B);
                PopI32s(3);
                break;
            case Opcode.MemoryInit:
                RequireMemory(instruction.B);
                RequireData(instruction.A);
                PopI32s(3);
                break;
            case Opcode.DataDrop:
                RequireData(instruction.A);
                break;
            default:
                CheckTableOrReference(in instruction);
                break;
        }
    }

    private void CheckTableOrReference(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.TableGet:
                var getType = Table(instruction.A).ElementType;
                Pop(ValType.I32);
                Push(getType);
                break;
            case Opcode.TableSet:
                Pop(Table(instruction.A).ElementType);
                Pop(ValType.I32);
                break;
            case Opcode.TableSize:
                Table(instruction.A);
                Push(ValType.I32);
                break;
            case Opcode.TableGrow:
                var growType = Table(instruction.A).ElementType;
                Pop(ValType.I32);
                Pop(growType);
                Push(ValType.I32);
                break;
            case Opcode.TableFill:
                var fillType = Table(instruction.A).ElementType;
                Pop(ValType.I32);
                Pop(fillType);
                Pop(ValType.I32);
                break;
            case Opcode.TableCopy:
                if (Table(instruction.A).ElementType != Table(instruction.B).ElementType)
                {
                    throw Error(ValidationMessages.TypeMismatch);
                }

                PopI32s(3);
                break;
            case Opcode.TableInit:
                if (Table(instruction.B).ElementType != ElementSegmentType(instruction.A))
                {
                    throw Error(ValidationMessages.TypeMismatch);
                }

                PopI32s(3);
                break;
            case Opcode.ElemDrop:
                ElementSegmentType(instruction.A);
                break;
            case Opcode.RefNull:
                var nullType = (ValType)instruction.A;
                if (!nullType.IsReference())
                {
                    throw Error(ValidationMessages.InvalidReferenceType);
                }

                Push(nullType);
                break;
            case Opcode.RefIsNull:
                var operand = Pop();
                if (operand != Unknown && !operand.IsReference())
                {
                    throw Error(ValidationMessages.TypeMismatch);
                }

                Push(ValType.I32);
                break;
            case Opcode.RefFunc:
                CheckRefFunc(instruction.A);
                break;
            default:
                throw Error($"unknown instruction {instruction.Opcode}");
        }
    }

    private void CheckMemoryAccess(MemoryAccess access, uint alignment, uint memory)
    {
        RequireMemory(memory);
        if (alignment > access.NaturalAlignment)
        {
            throw Error(ValidationMessages.AlignmentTooLarge);
        }

        if (access.IsStore)
        {
            Pop(access.Type);
            Pop(ValType.I32);
        }
        else
        {
            Pop(ValType.I32);
            Push(access.Type);
        }
    }

    private void CheckRefFunc(uint function)
    {
        if (function >= (uint)context.FunctionTypes.Length)
        {
            throw Error(ValidationMessages.UnknownFunction(function));
        }

        if (!context.DeclaredFunctions[function])
        {
            throw Error(ValidationMessages.UndeclaredFunctionReference);
        }

        Push(ValType.FuncRef);
    }

    private TableType Table(uint index) =>
        index < (uint)context.Tables.Length ? context.Tables[index] : throw Error(ValidationMessages.UnknownTable(index));

    private ValType ElementSegmentType(uint index) =>
        index < (uint)context.Module.Elements.Count ? context.Module.Elements[(int)index].ElementType : throw Error(ValidationMessages.UnknownElemSegment(index));

    private void RequireMemory(uint index)
    {
        if (index >= (uint)context.MemoryCount)
        {
            throw Error(ValidationMessages.UnknownMemory(index));
        }
    }

    private void RequireData(uint index)
    {
        if (index >= context.DataCount)
        {
            throw Error(ValidationMessages.UnknownDataSegment(index));
        }
    }
}
