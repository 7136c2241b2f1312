using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>The operand and control stacks of the spec appendix's validation algorithm.</summary>
internal sealed partial class FunctionBodyValidator
{
    /// <summary>The type of a value popped from the polymorphic stack of unreachable code: matches anything.</summary>
    private const ValType Unknown = 0;

    private ValType[] values = new ValType[64];
    private int valueCount;
    private ControlFrame[] frames = new ControlFrame[16];
    private int frameCount;

    private void ResetStacks()
    {
        valueCount = 0;

        // Clear the frames so that they do not keep type arrays of other modules alive.
        Array.Clear(frames, 0, frameCount);
        frameCount = 0;
    }

    private void Push(ValType type)
    {
        if (valueCount == values.Length)
        {
            GrowValues();
        }

        values[valueCount++] = type;
    }

    private void GrowValues()
    {
        if (values.Length >= maxOperandStackHeight)
        {
            throw Error(ValidationLimits.OperandStackTooDeep(maxOperandStackHeight));
        }

        Array.Resize(ref values, Math.Min(values.Length * 2, maxOperandStackHeight));
    }

    private void PushAll(ValType[] types)
    {
        foreach (var type in types)
        {
            Push(type);
        }
    }

    private ValType Pop()
    {
        ref var frame = ref frames[frameCount - 1];
        if (valueCount == frame.Height)
        {
            return frame.Unreachable ? Unknown : throw Error(ValidationMessages.TypeMismatch);
        }

        return values[--valueCount];
    }

    private ValType Pop(ValType expected)
    {
        var actual = Pop();
        if (actual != expected && actual != Unknown && expected != Unknown)
        {
            throw Error(ValidationMessages.TypeMismatch);
        }

        return actual;
    }

    private void PopAll(ValType[] types)
    {
        for (var i = types.Length - 1; i >= 0; i--)
        {
            Pop(types[i]);
        }
    }

    private void PushFrame(ControlKind kind, ValType[] startTypes, ValType[] endTypes)
    {
        if (frameCount == frames.Length)
        {
            Array.Resize(ref frames, frames.Length * 2);
        }

        frames[frameCount++] = new ControlFrame
        {
            Kind = kind,
            StartTypes = startTypes,
            EndTypes = endTypes,
            Height = valueCount,
            Unreachable = false,
        };
        PushAll(startTypes);
    }

    private ControlFrame PopFrame()
    {
        var frame = frames[frameCount - 1];
        PopAll(frame.EndTypes);
        if (valueCount != frame.Height)
        {
            throw Error(ValidationMessages.TypeMismatch);
        }

        frames[--frameCount] = default;
        return frame;
    }

    /// <summary>The rest of the current block is unreachable: drop its operands and make its stack polymorphic.</summary>
    private void MarkUnreachable()
    {
        ref var frame = ref frames[frameCount - 1];
        valueCount = frame.Height;
        frame.Unreachable = true;
    }

    /// <summary>The frame a branch of the given relative depth targets.</summary>
    private ref ControlFrame Label(uint depth)
    {
        if (depth >= (uint)frameCount)
        {
            throw Error(ValidationMessages.UnknownLabel(depth));
        }

        return ref frames[frameCount - 1 - (int)depth];
    }
}
