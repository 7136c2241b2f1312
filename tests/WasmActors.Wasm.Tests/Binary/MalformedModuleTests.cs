using WasmActors.Wasm.Binary;
using static WasmActors.Wasm.Tests.Binary.WasmBytes;

namespace WasmActors.Wasm.Tests.Binary;

/// <summary>What the spec calls malformed is rejected with a <see cref="WasmLoadException"/> naming the reason.</summary>
public sealed class MalformedModuleTests
{
    private const byte End = 0x0B;
    private static readonly byte[] TypeSection = Section(1, Vec(FuncType([], [])));
    private static readonly byte[] MemorySection = Section(5, Vec([0x00, 0x01]));

    public static TheoryData<string, byte[], string> Cases() => new()
    {
        { "empty", [], "unexpected end" },
        { "short magic", [0x00, 0x61, 0x73], "unexpected end" },
        { "wrong magic", [0x00, 0x41, 0x53, 0x4D, 0x01, 0x00, 0x00, 0x00], "magic header not detected" },
        { "short version", [0x00, 0x61, 0x73, 0x6D, 0x01], "unexpected end" },
        { "wrong version", [0x00, 0x61, 0x73, 0x6D, 0x02, 0x00, 0x00, 0x00], "unknown binary version" },
        { "section id 13", Module([0x0D, 0x00]), "malformed section id" },
        { "section beyond the file", Module([0x01, 0x05, 0x00]), "length out of bounds" },
        { "section shorter than its content", Module(TypeSection, Section(3, Vec([0x00]), [0x00])), "section size mismatch" },
        { "duplicate section", Module(TypeSection, TypeSection), "unexpected content after last section" },
        { "sections out of order", Module(Section(3, Vec()), TypeSection), "unexpected content after last section" },
        { "data count after code", Module(Section(10, Vec()), Section(12, U32(0))), "unexpected content after last section" },
        { "functions without code", Module(TypeSection, Section(3, Vec([0x00]))), "function and code section have inconsistent lengths" },
        { "code without functions", Module(TypeSection, Section(10, Vec(Body([End])))), "function and code section have inconsistent lengths" },
        { "data count mismatch", Module(Section(12, U32(2)), Section(11, Vec([0x01, .. Vec()]))), "data count and data section have inconsistent lengths" },
        { "data count without data", Module(Section(12, U32(1))), "data count and data section have inconsistent lengths" },
        {
            "data.drop without data count", Module(TypeSection, Section(3, Vec([0x00])), MemorySection,
                Section(10, Vec(Body([0xFC, 0x09, 0x00, End]))), Section(11, Vec([0x01, .. Vec()]))),
            "data count section required"
        },
        { "type form", Module(Section(1, Vec([0x61, 0x00, 0x00]))), "malformed function type" },
        { "value type", Module(Section(1, Vec(FuncType([0x7A], [])))), "malformed value type" },
        { "import kind", Module(Section(2, Vec([.. Name("a"), .. Name("b"), 0x04, 0x00]))), "malformed import kind" },
        { "import name UTF-8", Module(Section(2, Vec([.. Name("a"), 0x01, 0xFF, 0x00, 0x00]))), "malformed UTF-8 encoding" },
        { "export kind", Module(Section(7, Vec([.. Name("a"), 0x04, 0x00]))), "malformed export kind" },
        { "table reference type", Module(Section(4, Vec([0x7F, 0x00, 0x00]))), "malformed reference type" },
        { "limits flag 2", Module(Section(5, Vec([0x02, 0x00]))), "integer too large" },
        { "limits flag as long LEB", Module(Section(5, Vec([0x81, 0x00, 0x00]))), "integer representation too long" },
        { "global mutability", Module(Section(6, Vec([0x7F, 0x02, 0x41, 0x00, End]))), "malformed mutability" },
        { "global init without end", Module(Section(6, Vec([0x7F, 0x00, 0x41, 0x00]))), "END opcode expected" },
        { "element flags", Module(Section(9, Vec([0x08]))), "malformed elements segment kind" },
        { "element kind", Module(Section(9, Vec([0x01, 0x01, 0x00]))), "malformed element kind" },
        { "element reference type", Module(Section(9, Vec([0x05, 0x7F, 0x00]))), "malformed reference type" },
        { "data flags", Module(Section(11, Vec([0x03]))), "malformed data segment kind" },
        { "custom section name UTF-8", Module(Section(0, [0x02, 0xC0, 0x80])), "malformed UTF-8 encoding" },
        { "custom section without name", Module([0x00, 0x00]), "unexpected end of section or function" },
        { "too many locals", SingleFunctionWithLocals((0xFFFF_FFFF, 0x7F), (2, 0x7E)), "too many locals" },
        { "locals beyond the configured limit", SingleFunctionWithLocals((30_000, 0x7F), (30_000, 0x7E)), "too many locals" },
        { "missing end", SingleFunction([0x01]), "END opcode expected" },
        { "bytes after the final end", SingleFunction([End, 0x01]), "section size mismatch" },
        { "else outside if", SingleFunction([0x02, 0x40, 0x05, End, End]), "END opcode expected" },
        { "second else", SingleFunction([0x04, 0x40, 0x05, 0x05, End, End]), "END opcode expected" },
        { "block type not a value type", SingleFunction([0x02, 0x60, End, End]), "malformed value type" },
        { "negative type index", SingleFunction([0x02, 0x80, 0x80, 0x80, 0x80, 0x70, End, End]), "malformed block type" },
        { "illegal opcode", SingleFunction([0xFF, End]), "illegal opcode" },
        { "illegal opcode 0x06", SingleFunction([0x06, End]), "illegal opcode" },
        { "illegal prefixed opcode", SingleFunction([0xFC, 0x12, End]), "illegal opcode" },
        { "reserved SIMD sub-opcode", SingleFunction([0xFD, 0x9A, 0x01, End]), "illegal opcode" },
        { "SIMD sub-opcode beyond 0xFF", SingleFunction([0xFD, 0x80, 0x02, End]), "illegal opcode" },
        { "v128.const cut short", SingleFunction([0xFD, 0x0C, 0x00, End]), "unexpected end of section or function" },
        { "SIMD alignment flags", SingleFunction([0x41, 0x00, 0xFD, 0x00, 0x20, 0x00, 0x1A, End], MemorySection), "malformed memop flags" },
        { "memory.size reserved byte", SingleFunction([0x3F, 0x01, 0x1A, End], MemorySection), "zero byte expected" },
        { "memory.grow padded reserved byte", SingleFunction([0x41, 0x00, 0x40, 0x80, 0x00, 0x1A, End], MemorySection), "zero byte expected" },
        { "memory.copy reserved byte", SingleFunction([0xFC, 0x0A, 0x00, 0x01, End], MemorySection), "zero byte expected" },
        { "memory.fill reserved byte", SingleFunction([0xFC, 0x0B, 0x01, End], MemorySection), "zero byte expected" },
        { "memory.init reserved byte", SingleFunction([0xFC, 0x08, 0x00, 0x01, End], MemorySection, Section(12, U32(0))), "zero byte expected" },
        { "alignment flags", SingleFunction([0x41, 0x00, 0x28, 0x20, 0x00, 0x1A, End], MemorySection), "malformed memop flags" },
        { "ref.null type", SingleFunction([0xD0, 0x7F, 0x1A, End]), "malformed reference type" },
        { "br_table longer than the body", SingleFunction([0x0E, 0xFF, 0xFF, 0x03, End]), "length out of bounds" },
        { "four billion types declared", Module(Section(1, U32(uint.MaxValue), FuncType([], []))), "length out of bounds" },
        { "huge data segment declared", Module(Section(11, Vec([0x01, .. U32(int.MaxValue), 0x00]))), "length out of bounds" },
        { "huge function body declared", Module(TypeSection, Section(3, Vec([0x00])), Section(10, Vec([.. U32(uint.MaxValue), 0x00]))), "length out of bounds" },
        { "truncated f64.const", SingleFunction([0x44, 0x00, 0x00]), "unexpected end of section or function" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void IsRejectedWithTheSpecReason(string description, byte[] bytes, string reason)
    {
        var error = Assert.Throws<WasmLoadException>(() => ModuleLoader.Load(bytes));
        Assert.True(error.Reason == reason, $"{description}: got \"{error.Reason}\", expected \"{reason}\"");
        Assert.InRange(error.Offset, 0, Math.Max(bytes.Length, 0));

        // Loaded from an array, bodies are only checked (and decoded on first use); from a span, decoded at once: same error.
        var eager = Assert.Throws<WasmLoadException>(() => ModuleLoader.Load((ReadOnlySpan<byte>)bytes));
        Assert.Equal((error.Reason, error.Offset), (eager.Reason, eager.Offset));
    }

    [Fact]
    public void ErrorsCarryTheOffsetOfTheOffendingByte()
    {
        var bytes = SingleFunction([0x01, 0x01, 0xFF, End]);
        var error = Assert.Throws<WasmLoadException>(() => ModuleLoader.Load(bytes));
        Assert.Equal(0xFF, bytes[error.Offset]);
        Assert.Contains($"0x{error.Offset:x}", error.Message);
    }

    [Fact]
    public void ModuleLargerThanTheConfiguredLimitIsRejected()
    {
        var config = EngineConfig.Default with { MaxModuleBytes = 16 };
        var bytes = Module(Section(0, Name("padding"), new byte[32]));
        Assert.Equal("module too large", Assert.Throws<WasmLoadException>(() => ModuleLoader.Load(bytes, config)).Reason);
        Assert.NotNull(ModuleLoader.Load(bytes));
    }

    [Fact]
    public void LocalsAreBoundedAcrossTheWholeModule()
    {
        // Each body declares the per-function maximum in 5 bytes; together they exceed what the module's size allows.
        var config = EngineConfig.Default with { MaxLocals = 10_000 };
        const int functions = 200;
        byte[] body = Body([End], (10_000, 0x7F));
        var bytes = Module(
            TypeSection,
            Section(3, Vec(Enumerable.Repeat<byte[]>([0x00], functions).ToArray())),
            Section(10, Vec(Enumerable.Repeat(body, functions).ToArray())));

        Assert.Equal("too many locals", Assert.Throws<WasmLoadException>(() => ModuleLoader.Load(bytes, config)).Reason);

        var few = Module(TypeSection, Section(3, Vec([0x00], [0x00])), Section(10, Vec(body, body)));
        Assert.Equal(2, ModuleLoader.Load(few, config).Functions.Count);
    }

    [Fact]
    public void DataIndicesWithoutAnyDataSegmentAreLeftToTheValidator()
    {
        // Spec memory_init.wast expects "unknown data segment" (invalid) for such a module, not malformed.
        var module = ModuleLoader.Load(SingleFunction([0xFC, 0x09, 0x00, End]));
        Assert.Equal(Wasm.Model.Opcode.DataDrop, module.Functions[0].Body[0].Opcode);
    }

    private static byte[] SingleFunctionWithLocals(params (uint Count, byte Type)[] locals) => Module(
        TypeSection,
        Section(3, Vec([0x00])),
        Section(10, Vec(Body([End], locals))));
}
