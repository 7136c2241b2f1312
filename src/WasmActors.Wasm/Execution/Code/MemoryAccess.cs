namespace WasmActors.Wasm.Execution;

/// <summary>How an instruction touches linear memory, where the CIL tier treats it specially.</summary>
internal enum MemoryAccess
{
    None,

    /// <summary>A scalar load (dst address offset): written out in compiled bodies through the read cache.</summary>
    Load,

    /// <summary>A scalar store (address value offset): written out in compiled bodies through the write cache.</summary>
    Store,

    /// <summary>A bulk write that may copy a shared page: compiled bodies forget the page their last load hit.</summary>
    BulkWrite,

    /// <summary>memory.grow: may move a flat memory to a larger array or page it, so compiled bodies reload its reach.</summary>
    Grow,
}
