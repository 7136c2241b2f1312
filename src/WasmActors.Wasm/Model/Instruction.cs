namespace WasmActors.Wasm.Model;

/// <summary>
/// One decoded instruction. Immediates by opcode:
/// <list type="bullet">
/// <item>block/loop/if: <see cref="BlockType"/> (via <see cref="A"/> kind and <see cref="B"/> value).</item>
/// <item>br, br_if: A = label depth. br_table: <see cref="Labels"/> = targets, A = default depth.</item>
/// <item>call: A = function index. call_indirect: A = type index, B = table index.</item>
/// <item>select with types (0x1C): A = the first value type, B = the number of types (valid only when 1).</item>
/// <item>local.*: A = local index. global.*: A = global index.</item>
/// <item>loads/stores: A = alignment exponent, B = memory index, C = offset.</item>
/// <item>memory.size/grow/fill: A = memory index. memory.copy: A = destination, B = source memory.
/// memory.init: A = data index, B = memory index. data.drop: A = data index.</item>
/// <item>i32/i64/f32/f64.const: C = the raw bit pattern (i32 and f32 zero-extended from 32 bits).</item>
/// <item>ref.null: A = reference type byte. ref.func: A = function index.</item>
/// <item>table.get/set/size/grow/fill: A = table index. table.copy: A = destination, B = source table.
/// table.init: A = element index, B = table index. elem.drop: A = element index.</item>
/// <item>SIMD loads/stores: as other loads/stores; the lane variants also carry the lane index in <see cref="D"/>.</item>
/// <item>v128.const and i8x16.shuffle: C = bytes 0..7, D = bytes 8..15 (little-endian; shuffle lane indices one per byte).</item>
/// <item>extract_lane/replace_lane: A = lane index.</item>
/// </list>
/// </summary>
internal readonly struct Instruction
{
    public Instruction(Opcode opcode, uint a = 0, uint b = 0, ulong c = 0, uint[]? labels = null, int offset = 0)
    {
        Opcode = opcode;
        A = a;
        B = b;
        C = c;
        Labels = labels;
        Offset = offset;
    }

    /// <summary>An instruction with a fourth immediate: the high half of a 16-byte immediate, or a memory lane index.</summary>
    public Instruction(Opcode opcode, uint a, uint b, ulong c, ulong d, int offset)
        : this(opcode, a, b, c, null, offset)
    {
        D = d;
    }

    public Opcode Opcode { get; }

    public uint A { get; }

    public uint B { get; }

    public ulong C { get; }

    /// <summary>SIMD only: the high 64 bits of v128.const / i8x16.shuffle, or the lane of a lane load/store.</summary>
    public ulong D { get; }

    public uint[]? Labels { get; }

    /// <summary>File offset of the opcode, for error messages and backtraces.</summary>
    public int Offset { get; }

    /// <summary>The block type of block/loop/if.</summary>
    public BlockType BlockType => new((BlockTypeKind)A, B);

    public override string ToString() => $"{Opcode} {A} {B} {C}";
}

internal enum BlockTypeKind : uint
{
    /// <summary>[] -> []</summary>
    Empty = 0,

    /// <summary>[] -> [Value]; <see cref="BlockType.Value"/> is the <see cref="ValType"/> byte.</summary>
    SingleValue = 1,

    /// <summary>A function type; <see cref="BlockType.Value"/> is the type index.</summary>
    TypeIndex = 2,
}

internal readonly record struct BlockType(BlockTypeKind Kind, uint Value)
{
    public static Instruction Encode(Opcode opcode, BlockType type, int offset) => new(opcode, (uint)type.Kind, type.Value, offset: offset);

    /// <summary>Resolves the block's parameter and result types against the module's type section.</summary>
    public FuncType Resolve(IReadOnlyList<FuncType> types) => Kind switch
    {
        BlockTypeKind.Empty => FuncTypes.Empty,
        BlockTypeKind.SingleValue => FuncTypes.Returning((ValType)Value),
        _ => types[(int)Value],
    };
}

internal static class FuncTypes
{
    public static readonly FuncType Empty = new([], []);

    private static readonly Dictionary<ValType, FuncType> Single = Enum.GetValues<ValType>().ToDictionary(t => t, t => new FuncType([], [t]));

    public static FuncType Returning(ValType type) => Single[type];
}
