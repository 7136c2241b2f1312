using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Validation;

internal enum ControlKind : byte
{
    Function,
    Block,
    Loop,
    If,
    Else,
}

/// <summary>
/// One entry of the control stack of the spec's validation algorithm: the structured instruction that opened
/// it, its parameter and result types, the operand stack height at its start, and whether the rest of it is
/// unreachable (after br, return, unreachable...), where the operand stack is polymorphic.
/// </summary>
internal struct ControlFrame
{
    public ControlKind Kind;
    public ValType[] StartTypes;
    public ValType[] EndTypes;
    public int Height;
    public bool Unreachable;

    /// <summary>The types a branch to this frame carries: a loop's label is its start, any other's its end.</summary>
    public readonly ValType[] LabelTypes => Kind == ControlKind.Loop ? StartTypes : EndTypes;
}
