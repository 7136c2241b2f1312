using WasmActors.Wasm.Model;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// Declares a numeric op: the <see cref="OpSemantics"/> method it is on is its semantics, and its signature its layout
/// (a <c>ulong</c> result is written to a <see cref="Operand.Result"/> slot and a <c>bool</c> one is whether to branch
/// to a trailing <see cref="Operand.Target"/>; <c>ulong</c> parameters are <see cref="Operand.Slot"/>s and <c>int</c>
/// ones <see cref="Operand.Imm"/>s). The op has the method's name. WasmActors.Wasm.Generators generates the rest.
/// </summary>
/// <param name="wasm">The wasm instructions compiled to this op.</param>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class OpAttribute(params Opcode[] wasm) : Attribute
{
    public Opcode[] Wasm { get; } = wasm;

    /// <summary>The op that does the same with its second operand an immediate (sign-extended for i64).</summary>
    public string? Immediate { get; init; }

    /// <summary>The op that branches exactly when this comparison is true.</summary>
    public string? Branch { get; init; }

    /// <summary>The branch taken exactly when this one is not (declared on one op of each pair).</summary>
    public string? Negation { get; init; }
}

/// <summary>
/// Declares an op whose interpreter case and CIL emission are written by hand (control flow, calls, memory, tables,
/// SIMD): its name and operand layout, in <see cref="Op"/>'s order, and what the generated tables need to know of it.
/// </summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = true)]
internal sealed class SpecialOpAttribute(string name, params Operand[] operands) : Attribute
{
    public string Name { get; } = name;

    public Operand[] Operands { get; } = operands;

    /// <summary>What it writes to slots, when not what its operands say (a number to its result, if it has one).</summary>
    public SlotEffect Writes { get; init; }

    /// <summary>False when control never goes on to the next instruction (jumps, returns, traps).</summary>
    public bool FallsThrough { get; init; } = true;

    /// <summary>A call: the instruction after it is where the caller's frame waits.</summary>
    public bool IsCall { get; init; }

    public MemoryAccess Access { get; init; }

    /// <summary>The <see cref="IlHelpers"/> method compiled bodies call for it, with its operands in layout order.</summary>
    public string? Helper { get; init; }

    /// <summary>The branch taken exactly when this one is not (declared on one op of each pair).</summary>
    public string? Negation { get; init; }

    /// <summary>The wasm instructions compiled to this op (as a one-operand or two-operand numeric instruction).</summary>
    public Opcode[] Wasm { get; init; } = [];
}

/// <summary>
/// Marks the interpreter's dispatch loop, written without the numeric ops' cases: the generator emits the method named
/// <paramref name="generated"/>, this one's body with a case for every <see cref="OpAttribute"/> op added to its
/// <c>switch ((Op)ip)</c> before the default section. It must be the method's first attribute (the generated method
/// keeps the others).
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class InterpreterTemplateAttribute(string generated) : Attribute
{
    public string Generated { get; } = generated;
}
