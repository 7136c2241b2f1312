namespace WasmActors.Wasm.Execution;

/// <summary>What one operand of an internal instruction (an int after its <see cref="Op"/>) is.</summary>
internal enum Operand
{
    /// <summary>The frame slot the instruction writes its result to.</summary>
    Result,

    /// <summary>A frame slot the instruction reads (or, for the bulk copies, the first of a run of slots).</summary>
    Slot,

    /// <summary>An immediate: a constant, an index (function, type, table, global, data, element) or a count.</summary>
    Imm,

    /// <summary>A branch target: an absolute position in the function's code.</summary>
    Target,

    /// <summary>A count c followed by c + 1 branch targets (the last is the default).</summary>
    Targets,

    /// <summary>A <see cref="SimdCode"/> followed by that code's operands.</summary>
    Simd,
}
