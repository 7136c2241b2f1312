using WasmActors.Wasm.Model;
using WasmActors.Wasm.Validation;

namespace WasmActors.Wasm.Execution;

/// <summary>SIMD instructions: one <see cref="Op.Simd"/> each (layouts in <see cref="SimdCode"/>); v128 values take two slots.</summary>
internal sealed partial class FunctionCompiler
{
    private void CompileSimd(in Instruction instruction)
    {
        var code = (int)((uint)instruction.Opcode & 0xFF);
        var offset = (int)(uint)instruction.C;
        var lane = (int)instruction.D;
        switch (SimdSignatures.Of(instruction.Opcode).Shape)
        {
            case SimdShape.Load:
                RequireMemoryZero((int)instruction.B);
                EmitSimd(code, 1, 2, offset);
                break;
            case SimdShape.Store:
                RequireMemoryZero((int)instruction.B);
                EmitSimd(code, 2, 0, offset);
                break;
            case SimdShape.LoadLane:
                RequireMemoryZero((int)instruction.B);
                EmitSimd(code, 2, 2, offset, lane);
                break;
            case SimdShape.StoreLane:
                RequireMemoryZero((int)instruction.B);
                EmitSimd(code, 2, 0, offset, lane);
                break;
            case SimdShape.Const:
                var slot = NextSlot;
                EmitConstant(slot, instruction.C);
                EmitConstant(slot + 1, instruction.D);
                PushHome(2);
                break;
            case SimdShape.Shuffle:
                EmitSimd(code, 2, 2, (int)(uint)instruction.C, (int)(instruction.C >> 32), (int)(uint)instruction.D, (int)(instruction.D >> 32));
                break;
            case SimdShape.Splat:
            case SimdShape.Unary:
                EmitSimd(code, 1, 2);
                break;
            case SimdShape.ExtractLane:
                EmitSimd(code, 1, 1, (int)instruction.A);
                break;
            case SimdShape.ReplaceLane:
                EmitSimd(code, 2, 2, (int)instruction.A);
                break;
            case SimdShape.Binary:
            case SimdShape.Shift:
                EmitSimd(code, 2, 2);
                break;
            case SimdShape.Ternary:
                EmitSimd(code, 3, 2);
                break;
            case SimdShape.Test:
                EmitSimd(code, 1, 1);
                break;
            default:
                throw new InvalidOperationException($"the engine cannot compile {instruction.Opcode}");
        }
    }

    /// <summary>
    /// Pops <paramref name="inputs"/> operands, emits <c>Simd code [dst] operands... immediates...</c> and pushes a result
    /// of <paramref name="resultWidth"/> slots (none when 0) in the home slot of the first operand.
    /// </summary>
    private void EmitSimd(int code, int inputs, int resultWidth, params ReadOnlySpan<int> immediates)
    {
        Span<int> slots = stackalloc int[inputs];
        for (var k = inputs - 1; k >= 0; k--)
        {
            slots[k] = PopSlot();
        }

        Begin(Op.Simd);
        _code.Add(code);
        var dstPosition = -1;
        if (resultWidth > 0)
        {
            dstPosition = _code.Count;
            _code.Add(NextSlot);
        }

        foreach (var slot in slots)
        {
            _code.Add(slot);
        }

        foreach (var immediate in immediates)
        {
            _code.Add(immediate);
        }

        if (resultWidth > 0)
        {
            PushResult(dstPosition, resultWidth);
        }
    }
}
