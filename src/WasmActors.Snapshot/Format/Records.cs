using WasmActors.Wasm;
using WasmActors.Wasm.Model;

namespace WasmActors.Snapshot.Format;

/// <summary>The kind tag that opens every record, so a record of the wrong kind is caught where it is read.</summary>
internal enum RecordKind : byte
{
    Manifest = 1,
    Module = 2,
    WasmFunction = 3,
    HostFunction = 4,
    Table = 5,
    Memory = 6,
    Global = 7,
    Element = 8,
    Data = 9,
    Execution = 10,
    MemoryPages = 11,
}

/// <summary>
/// Bytes too large to fetch as one piece (code, data segments, table contents), cut into engine-page-sized chunks
/// so that each can be fetched, deduplicated and verified on its own. Chunks of zeros are still listed: only
/// linear memory elides zero pages.
/// </summary>
internal sealed record PagedBlob(long Length, ChunkId[] Pages);

/// <summary>
/// Conf: the engine that wrote the snapshot (a fork refuses another), the engine settings, and the named host
/// state (e.g. WASI) that a fork starts from.
/// </summary>
internal sealed record ConfRecord(string EngineVersion, EngineConfig Engine, IReadOnlyList<HostStateEntry> HostState);

/// <summary>A host's serialised state (e.g. "wasi": args, env, fd table) under the host's name.</summary>
internal sealed record HostStateEntry(string Name, byte[] Content);

/// <summary>
/// The root of a snapshot: Conf and the store's sizes (how many instances of each kind), with the id of every
/// instance record, indexed by store address. Small: a fork fetches it first.
/// </summary>
internal sealed record SnapshotManifest(
    ConfRecord Conf,
    ChunkId[] Modules,
    ChunkId[] Functions,
    ChunkId[] Tables,
    ChunkId[] Memories,
    ChunkId[] Globals,
    ChunkId[] Elements,
    ChunkId[] Datas,
    ChunkId? Execution,
    WorkingSetPage[] WorkingSet);

/// <summary>A memory page some earlier run of this snapshot touched; a fork fetches these first.</summary>
internal readonly record struct WorkingSetPage(int Memory, int Page);

/// <summary>A module instance: its code and its index spaces as store addresses (imports first).</summary>
internal sealed record ModuleRecord(
    string? Name,
    PagedBlob Code,
    int[] Functions,
    int[] Tables,
    int[] Memories,
    int[] Globals,
    int[] Elements,
    int[] Datas);

internal abstract record FunctionRecord;

/// <summary>A function defined by module instance <paramref name="Module"/> at <paramref name="Index"/> of its function index space.</summary>
internal sealed record WasmFunctionRecord(int Module, int Index) : FunctionRecord;

/// <summary>A host function, re-bound on restore by the import name it was linked under.</summary>
internal sealed record HostFunctionRecord(string ImportModule, string ImportName, FuncType Type) : FunctionRecord;

/// <summary>A table: its current elements (funcref = function address + 1, 0 = null) and its maximum.</summary>
internal sealed record TableRecord(ValType ElementType, uint? Max, uint Size, PagedBlob Elements);

/// <summary>A linear memory: its size, its maximum, and its non-zero engine pages (ascending; zero pages elided).</summary>
internal sealed record MemoryRecord(uint Pages, uint? Max, PageRef[] ResidentPages);

internal readonly record struct PageRef(int Index, ChunkId Id);

/// <summary>
/// A memory record as stored: the size, the maximum, and one page list per span of
/// <see cref="RecordCodec.PageListSpan"/> engine pages that holds a non-zero page (spans ascending).
/// </summary>
internal sealed record MemoryRecordHeader(uint Pages, uint? Max, long EnginePages, (int Span, ChunkId Id)[] Lists);

internal sealed record GlobalRecord(ValType Type, bool Mutable, ulong Value, ulong High = 0);

internal sealed record ElementRecord(ValType Type, bool Dropped, int Count, PagedBlob Items);

internal sealed record DataRecord(bool Dropped, PagedBlob Bytes);

/// <summary>A paused call: the interpreter's frames (outermost first) and its used value stack.</summary>
internal sealed record ExecutionRecord(FrameRecord[] Frames, ulong[] Stack);

/// <summary>One frame: the function's store address, the position in its internal code, its first stack slot.</summary>
internal readonly record struct FrameRecord(int Function, int Pc, int StackBase);
