using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>
/// Type-checks function bodies with the algorithm of the spec's validation appendix: an operand stack of value
/// types (with <see cref="Unknown"/> for values of unreachable code) and a control stack of frames. It keeps
/// both stacks in its own arrays, so arbitrarily deep nesting costs heap, never CLR stack, and it reuses them
/// across functions, so checking an instruction allocates nothing.
/// </summary>
internal sealed partial class FunctionBodyValidator
{
    private readonly ModuleContext context;
    private readonly int maxOperandStackHeight;
    private ValType[] branchScratch = new ValType[8];
    private ValType[] parameters = [];
    private ValType[] locals = [];
    private int functionIndex;
    private int offset;

    public FunctionBodyValidator(ModuleContext context, int maxOperandStackHeight = ValidationLimits.MaxOperandStackHeight)
    {
        this.context = context;
        this.maxOperandStackHeight = maxOperandStackHeight;
    }

    /// <summary>Throws <see cref="WasmValidationException"/> if the body of the given function is ill-typed.</summary>
    public void Validate(int index, FunctionBody function)
    {
        var type = context.FunctionTypes[index];
        functionIndex = index;
        offset = function.CodeOffset;
        parameters = type.Parameters;
        locals = function.Locals;
        ResetStacks();
        PushFrame(ControlKind.Function, [], type.Results);

        var code = function.Body;
        for (var pc = 0; pc < code.Length; pc++)
        {
            offset = code[pc].Offset;
            if (frameCount == 0)
            {
                throw Error(ValidationMessages.OperatorsAfterEnd);
            }

            Check(in code[pc]);
        }

        if (frameCount != 0)
        {
            throw Error(ValidationMessages.UnexpectedEndOfBody);
        }
    }

    private WasmValidationException Error(string message) => new(message, functionIndex, offset);

    private void Check(in Instruction instruction)
    {
        switch (instruction.Opcode)
        {
            case Opcode.Unreachable:
                MarkUnreachable();
                break;
            case Opcode.Nop:
                break;
            case Opcode.Block:
                EnterBlock(ControlKind.Block, instruction.BlockType);
                break;
            case Opcode.Loop:
                EnterBlock(ControlKind.Loop, instruction.BlockType);
                break;
            case Opcode.If:
                Pop(ValType.I32);
                EnterBlock(ControlKind.If, instruction.BlockType);
                break;
            case Opcode.Else:
                CheckElse();
                break;
            case Opcode.End:
                CheckEnd();
                break;
            case Opcode.Br:
                PopAll(Label(instruction.A).LabelTypes);
                MarkUnreachable();
                break;
            case Opcode.BrIf:
                CheckBrIf(instruction.A);
                break;
            case Opcode.BrTable:
                CheckBrTable(instruction.Labels ?? [], instruction.A);
                break;
            case Opcode.Return:
                PopAll(frames[0].EndTypes);
                MarkUnreachable();
                break;
            default:
                CheckOther(in instruction);
                break;
        }
    }

    private void EnterBlock(ControlKind kind, BlockType blockType)
    {
        var type = ResolveBlockType(blockType);
        PopAll(type.Parameters);
        PushFrame(kind, type.Parameters, type.Results);
    }

    private FuncType ResolveBlockType(BlockType blockType)
    {
        switch (blockType.Kind)
        {
            case BlockTypeKind.Empty:
                break;
            case BlockTypeKind.SingleValue when Enum.IsDefined((ValType)blockType.Value):
                break;
            case BlockTypeKind.TypeIndex when blockType.Value < (uint)context.Types.Count:
                break;
            case BlockTypeKind.TypeIndex:
                throw Error(ValidationMessages.UnknownType(blockType.Value));
            default:
                throw Error(ValidationMessages.InvalidValueType);
        }

        return blockType.Resolve(context.Types);
    }

    private void CheckElse()
    {
        if (frames[frameCount - 1].Kind != ControlKind.If)
        {
            throw Error(ValidationMessages.ElseWithoutIf);
        }

        var frame = PopFrame();
        PushFrame(ControlKind.Else, frame.StartTypes, frame.EndTypes);
    }

    private void CheckEnd()
    {
        var frame = PopFrame();
        if (frame.Kind == ControlKind.If)
        {
            // "if" without "else" has an implicit empty else branch, which must turn the parameters into the
            // results: check it as if it were there.
            PushFrame(ControlKind.Else, frame.StartTypes, frame.EndTypes);
            frame = PopFrame();
        }

        PushAll(frame.EndTypes);
    }

    private void CheckBrIf(uint depth)
    {
        Pop(ValType.I32);
        var types = Label(depth).LabelTypes;
        PopAll(types);
        PushAll(types);
    }

    private void CheckBrTable(uint[] targets, uint defaultDepth)
    {
        Pop(ValType.I32);
        var arity = Label(defaultDepth).LabelTypes.Length;
        if (branchScratch.Length < arity)
        {
            Array.Resize(ref branchScratch, Math.Max(arity, branchScratch.Length * 2));
        }

        foreach (var depth in targets)
        {
            var types = Label(depth).LabelTypes;
            if (types.Length != arity)
            {
                throw Error(ValidationMessages.TypeMismatch);
            }

            // Pop the operands against this target and push back what was actually there, so that every
            // target is checked against the same stack (the spec's push_vals(pop_vals(label_types))).
            for (var i = arity - 1; i >= 0; i--)
            {
                branchScratch[i] = Pop(types[i]);
            }

            for (var i = 0; i < arity; i++)
            {
                Push(branchScratch[i]);
            }
        }

        PopAll(Label(defaultDepth).LabelTypes);
        MarkUnreachable();
    }
}
