using WasmActors.Wasm.Binary;

namespace WasmActors.Wasm.Model;

/// <summary>
/// A decoded (not yet validated) WebAssembly module: the output of the binary loader and the input of the
/// validator, the compiler and instantiation. Index spaces follow the spec: imported entities come first.
/// </summary>
public sealed class Module
{
    public List<FuncType> Types { get; } = [];

    public List<Import> Imports { get; } = [];

    /// <summary>Functions defined in this module (the function section joined with the code section).</summary>
    internal List<FunctionBody> Functions { get; } = [];

    public List<TableType> Tables { get; } = [];

    public List<MemoryType> Memories { get; } = [];

    internal List<Global> Globals { get; } = [];

    public List<Export> Exports { get; } = [];

    public uint? Start { get; set; }

    internal List<ElementSegment> Elements { get; } = [];

    internal List<DataSegment> Datas { get; } = [];

    /// <summary>The data count section's value, when present.</summary>
    public uint? DataCount { get; set; }

    /// <summary>Contents of the "name" custom section, when present and well formed.</summary>
    public NameSection? Names { get; set; }

    public List<CustomSection> CustomSections { get; } = [];

    public int ImportedFunctionCount => Imports.Count(i => i.Kind == ExternalKind.Function);

    public int ImportedTableCount => Imports.Count(i => i.Kind == ExternalKind.Table);

    public int ImportedMemoryCount => Imports.Count(i => i.Kind == ExternalKind.Memory);

    public int ImportedGlobalCount => Imports.Count(i => i.Kind == ExternalKind.Global);
}

public sealed record Import(string ModuleName, string Name, ImportDescriptor Descriptor)
{
    public ExternalKind Kind => Descriptor.Kind;
}

/// <summary>What an import expects: exactly one of the four kinds.</summary>
public abstract record ImportDescriptor(ExternalKind Kind);

public sealed record FunctionImport(uint TypeIndex) : ImportDescriptor(ExternalKind.Function);

public sealed record TableImport(TableType Type) : ImportDescriptor(ExternalKind.Table);

public sealed record MemoryImport(MemoryType Type) : ImportDescriptor(ExternalKind.Memory);

public sealed record GlobalImport(GlobalType Type) : ImportDescriptor(ExternalKind.Global);

public sealed record Export(string Name, ExternalKind Kind, uint Index);

/// <summary>
/// A defined function: its type, its locals (expanded, one entry per local, parameters excluded) and its body. A body
/// loaded from a module's bytes is decoded into instructions on first use (the loader has already checked its syntax),
/// so a large module's functions that never run cost no instructions.
/// </summary>
internal sealed class FunctionBody
{
    private readonly ReadOnlyMemory<byte> _expression;
    private readonly int _expressionOffset;
    private Instruction[]? _body;
    private volatile bool _validated;

    public FunctionBody(uint typeIndex, ValType[] locals, Instruction[] body, int codeOffset)
    {
        TypeIndex = typeIndex;
        Locals = locals;
        _body = body;
        CodeOffset = codeOffset;
    }

    /// <summary>A body kept as its encoded expression, which starts at file offset <paramref name="expressionOffset"/>.</summary>
    public FunctionBody(uint typeIndex, ValType[] locals, ReadOnlyMemory<byte> expression, int expressionOffset, int codeOffset)
    {
        TypeIndex = typeIndex;
        Locals = locals;
        _expression = expression;
        _expressionOffset = expressionOffset;
        CodeOffset = codeOffset;
    }

    public uint TypeIndex { get; }

    public ValType[] Locals { get; }

    /// <summary>Instructions of the body, ending with the function's final <see cref="Opcode.End"/>; decoded on first use.</summary>
    public Instruction[] Body => _body ?? LazyInitializer.EnsureInitialized(ref _body, () => InstructionDecoder.DecodeChecked(_expression.Span, _expressionOffset));

    /// <summary>File offset of this body's entry in the code section, for error messages.</summary>
    public int CodeOffset { get; }

    /// <summary>Whether the body passed validation (set once by the validator; a body is never run before).</summary>
    public bool Validated
    {
        get => _validated;
        set => _validated = value;
    }
}

/// <summary>A constant expression (global initialiser, segment offset, element item), ending with <see cref="Opcode.End"/>.</summary>
internal sealed record ConstExpr(Instruction[] Instructions);

internal sealed record Global(GlobalType Type, ConstExpr Init);

internal enum SegmentMode : byte
{
    Active,
    Passive,
    Declarative,
}

/// <summary>An element segment. Function-index forms are decoded to one ref.func expression per item.</summary>
internal sealed record ElementSegment(SegmentMode Mode, uint TableIndex, ConstExpr? Offset, ValType ElementType, ConstExpr[] Items);

/// <summary>A data segment; its bytes are a slice of the module's bytes when the loader kept them (see <see cref="FunctionBody"/>).</summary>
internal sealed record DataSegment(SegmentMode Mode, uint MemoryIndex, ConstExpr? Offset, ReadOnlyMemory<byte> Bytes);

public sealed record CustomSection(string Name, byte[] Bytes, int Offset);

/// <summary>The standard "name" custom section: debug names used in backtraces.</summary>
public sealed class NameSection
{
    public string? ModuleName { get; set; }

    public Dictionary<uint, string> FunctionNames { get; } = [];

    public Dictionary<uint, Dictionary<uint, string>> LocalNames { get; } = [];
}
