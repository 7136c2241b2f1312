using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

/// <summary>Typing of the fixed-width SIMD instructions, driven by <see cref="SimdSignatures"/>.</summary>
internal sealed partial class FunctionBodyValidator
{
    private static bool IsSimd(Opcode opcode) => ((uint)opcode & 0xFF00) == 0xFD00;

    private void CheckSimd(in Instruction instruction)
    {
        var signature = SimdSignatures.Of(instruction.Opcode);
        switch (signature.Shape)
        {
            case SimdShape.Load:
                CheckSimdAlignment(in instruction, signature);
                Pop(ValType.I32);
                Push(ValType.V128);
                break;
            case SimdShape.Store:
                CheckSimdAlignment(in instruction, signature);
                Pop(ValType.V128);
                Pop(ValType.I32);
                break;
            case SimdShape.LoadLane:
            case SimdShape.StoreLane:
                CheckSimdAlignment(in instruction, signature);
                CheckLane(instruction.D, signature.Lanes);
                Pop(ValType.V128);
                Pop(ValType.I32);
                if (signature.Shape == SimdShape.LoadLane)
                {
                    Push(ValType.V128);
                }

                break;
            case SimdShape.Const:
                Push(ValType.V128);
                break;
            case SimdShape.Shuffle:
                for (var i = 0; i < 8; i++)
                {
                    CheckLane((instruction.C >> (8 * i)) & 0xFF, 32);
                    CheckLane((instruction.D >> (8 * i)) & 0xFF, 32);
                }

                PopAndPushV128(2);
                break;
            case SimdShape.Splat:
                Pop(signature.Scalar);
                Push(ValType.V128);
                break;
            case SimdShape.ExtractLane:
                CheckLane(instruction.A, signature.Lanes);
                Pop(ValType.V128);
                Push(signature.Scalar);
                break;
            case SimdShape.ReplaceLane:
                CheckLane(instruction.A, signature.Lanes);
                Pop(signature.Scalar);
                PopAndPushV128(1);
                break;
            case SimdShape.Unary:
                PopAndPushV128(1);
                break;
            case SimdShape.Binary:
                PopAndPushV128(2);
                break;
            case SimdShape.Ternary:
                PopAndPushV128(3);
                break;
            case SimdShape.Test:
                Pop(ValType.V128);
                Push(ValType.I32);
                break;
            case SimdShape.Shift:
                Pop(ValType.I32);
                PopAndPushV128(1);
                break;
            default:
                throw Error(ValidationMessages.TypeMismatch); // unreachable: the loader only decodes defined sub-opcodes
        }
    }

    private void CheckSimdAlignment(in Instruction instruction, SimdSignature signature)
    {
        RequireMemory(instruction.B);
        if (instruction.A > signature.NaturalAlignment)
        {
            throw Error(ValidationMessages.AlignmentTooLarge);
        }
    }

    private void CheckLane(ulong lane, int lanes)
    {
        if (lane >= (ulong)lanes)
        {
            throw Error(ValidationMessages.InvalidLaneIndex);
        }
    }

    private void PopAndPushV128(int operands)
    {
        for (var i = 0; i < operands; i++)
        {
            Pop(ValType.V128);
        }

        Push(ValType.V128);
    }
}
