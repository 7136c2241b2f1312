namespace WasmActors.Wasm.Execution;

/// <summary>What an instruction leaves in the frame slots it writes, as far as a restore's check of slot kinds needs to know (<see cref="SlotKindMap"/>).</summary>
internal enum SlotEffect : byte
{
    /// <summary>Writes no slot (stores, branches, returns, drops, table and memory operations without a result).</summary>
    None,

    /// <summary>Writes a number to its <see cref="Operand.Result"/> slot.</summary>
    Number,
    Copy,
    Const32,
    Select,
    GlobalGet,
    TableGet,
    RefFunc,
    Call,
    CallIndirect,
    BrCopy,

    /// <summary>An instruction the analysis does not model (SIMD): every operand slot becomes <see cref="SlotKind.Any"/>.</summary>
    Unknown,
}
