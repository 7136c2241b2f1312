using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Model;
using static WasmActors.Wasm.Tests.Binary.WasmBytes;

namespace WasmActors.Wasm.Tests.Binary;

/// <summary>Each section decoder, on hand-built modules.</summary>
public sealed class SectionDecoderTests
{
    private const byte I32 = 0x7F;
    private const byte I64 = 0x7E;
    private const byte F32 = 0x7D;
    private const byte F64 = 0x7C;
    private const byte FuncRef = 0x70;
    private const byte ExternRef = 0x6F;
    private const byte End = 0x0B;

    [Fact]
    public void EmptyModuleHasNothing()
    {
        var module = ModuleLoader.Load(Header);
        Assert.Empty(module.Types);
        Assert.Empty(module.Functions);
        Assert.Null(module.Start);
        Assert.Null(module.DataCount);
    }

    [Fact]
    public void TypeSectionDecodesParametersAndResults()
    {
        var module = ModuleLoader.Load(Module(Section(1, Vec(FuncType([I32, I64], [F32]), FuncType([], [F64, FuncRef, ExternRef])))));
        Assert.Equal(2, module.Types.Count);
        Assert.Equal([ValType.I32, ValType.I64], module.Types[0].Parameters);
        Assert.Equal([ValType.F32], module.Types[0].Results);
        Assert.Empty(module.Types[1].Parameters);
        Assert.Equal([ValType.F64, ValType.FuncRef, ValType.ExternRef], module.Types[1].Results);
    }

    [Fact]
    public void ImportSectionDecodesAllFourKinds()
    {
        var module = ModuleLoader.Load(Module(
            Section(1, Vec(FuncType([], []))),
            Section(2, Vec(
                [.. Name("env"), .. Name("f"), 0x00, 0x00],
                [.. Name("env"), .. Name("t"), 0x01, FuncRef, 0x01, 0x02, 0x0A],
                [.. Name("env"), .. Name("m"), 0x02, 0x00, 0x01],
                [.. Name("env"), .. Name("g"), 0x03, I64, 0x01]))));

        Assert.Equal(4, module.Imports.Count);
        Assert.Equal(new FunctionImport(0), module.Imports[0].Descriptor);
        Assert.Equal(new TableImport(new TableType(ValType.FuncRef, new Limits(2, 10))), module.Imports[1].Descriptor);
        Assert.Equal(new MemoryImport(new MemoryType(new Limits(1, null))), module.Imports[2].Descriptor);
        Assert.Equal(new GlobalImport(new GlobalType(ValType.I64, true)), module.Imports[3].Descriptor);
        Assert.Equal(("env", "g"), (module.Imports[3].ModuleName, module.Imports[3].Name));
        Assert.Equal(1, module.ImportedFunctionCount);
    }

    [Fact]
    public void FunctionAndCodeSectionsJoinIntoBodiesWithExpandedLocals()
    {
        byte[] code = Section(10, Vec(Body([0x20, 0x00, 0x1A, End], (2, I32), (1, F64))));
        var bytes = Module(
            Section(1, Vec(FuncType([], []), FuncType([I32], []))),
            Section(3, Vec([0x01])),
            code);
        var module = ModuleLoader.Load(bytes);

        var function = Assert.Single(module.Functions);
        Assert.Equal(1u, function.TypeIndex);
        Assert.Equal([ValType.I32, ValType.I32, ValType.F64], function.Locals);
        Assert.Equal([Opcode.LocalGet, Opcode.Drop, Opcode.End], function.Body.Select(i => i.Opcode));
        int codeSectionStart = bytes.Length - code.Length;
        Assert.Equal(codeSectionStart + 3, function.CodeOffset); // id, size, count, then the body's size field
        Assert.Equal(function.CodeOffset + 6, function.Body[0].Offset); // size, run count, two runs of two bytes
    }

    [Fact]
    public void TableMemoryAndGlobalSectionsDecode()
    {
        var module = ModuleLoader.Load(Module(
            Section(4, Vec([ExternRef, 0x00, 0x05], [FuncRef, 0x01, 0x00, 0x80, 0x01])),
            Section(5, Vec([0x01, 0x01, 0xFF, 0xFF, 0x03])),
            Section(6, Vec([I32, 0x00, 0x41, 0x2A, End], [F32, 0x01, 0x43, 0x00, 0x00, 0x80, 0x3F, End]))));

        Assert.Equal([new TableType(ValType.ExternRef, new Limits(5, null)), new TableType(ValType.FuncRef, new Limits(0, 128))], module.Tables);
        Assert.Equal(new MemoryType(new Limits(1, 65535)), Assert.Single(module.Memories));
        Assert.Equal(new GlobalType(ValType.I32, false), module.Globals[0].Type);
        Assert.Equal(42ul, module.Globals[0].Init.Instructions[0].C);
        Assert.Equal(new GlobalType(ValType.F32, true), module.Globals[1].Type);
        Assert.Equal((ulong)BitConverter.SingleToUInt32Bits(1.0f), module.Globals[1].Init.Instructions[0].C);
        Assert.Equal(Opcode.End, module.Globals[1].Init.Instructions[^1].Opcode);
    }

    [Fact]
    public void ExportAndStartSectionsDecode()
    {
        var module = ModuleLoader.Load(Module(
            Section(7, Vec([.. Name("run"), 0x00, 0x03], [.. Name("mem"), 0x02, 0x00])),
            Section(8, U32(7))));

        Assert.Equal([new Export("run", ExternalKind.Function, 3), new Export("mem", ExternalKind.Memory, 0)], module.Exports);
        Assert.Equal(7u, module.Start);
    }

    [Fact]
    public void ElementSectionDecodesAllEightEncodings()
    {
        byte[] offset = [0x41, 0x01, End];
        byte[] refFunc = [0xD2, 0x02, End];
        byte[] refNull = [0xD0, FuncRef, End];
        var module = ModuleLoader.Load(Module(Section(9, Vec(
            [0x00, .. offset, .. Vec([0x05], [0x06])],
            [0x01, 0x00, .. Vec([0x07])],
            [0x02, 0x03, .. offset, 0x00, .. Vec([0x08])],
            [0x03, 0x00, .. Vec([0x09])],
            [0x04, .. offset, .. Vec(refFunc, refNull)],
            [0x05, ExternRef, .. Vec([0xD0, ExternRef, End])],
            [0x06, 0x02, .. offset, FuncRef, .. Vec(refFunc)],
            [0x07, FuncRef, .. Vec(refFunc)]))));

        var e = module.Elements;
        Assert.Equal(8, e.Count);
        Assert.Equal([SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative,
            SegmentMode.Active, SegmentMode.Passive, SegmentMode.Active, SegmentMode.Declarative], e.Select(s => s.Mode));
        Assert.Equal([0u, 0u, 3u, 0u, 0u, 0u, 2u, 0u], e.Select(s => s.TableIndex));
        Assert.Equal(ValType.ExternRef, e[5].ElementType);
        Assert.All(e.Where(s => s != e[5]), s => Assert.Equal(ValType.FuncRef, s.ElementType));
        Assert.All(e.Where(s => s.Mode == SegmentMode.Active), s => Assert.Equal(1ul, s.Offset!.Instructions[0].C));
        Assert.All(e.Where(s => s.Mode != SegmentMode.Active), s => Assert.Null(s.Offset));

        // Function-index forms become one ref.func expression per index.
        Assert.Equal([5u, 6u], e[0].Items.Select(i => i.Instructions[0].A));
        Assert.All(e[0].Items, i => Assert.Equal([Opcode.RefFunc, Opcode.End], i.Instructions.Select(x => x.Opcode)));
        Assert.Equal(9u, Assert.Single(e[3].Items).Instructions[0].A);
        Assert.Equal([Opcode.RefFunc, Opcode.RefNull], e[4].Items.Select(i => i.Instructions[0].Opcode));
    }

    [Fact]
    public void DataAndDataCountSectionsDecode()
    {
        var module = ModuleLoader.Load(Module(
            Section(12, U32(3)),
            Section(11, Vec(
                [0x00, 0x41, 0x10, End, .. Vec([0x61], [0x62])],
                [0x01, .. Vec([0x63])],
                [0x02, 0x01, 0x41, 0x00, End, .. Vec()]))));

        Assert.Equal(3u, module.DataCount);
        var d = module.Datas;
        Assert.Equal((SegmentMode.Active, 0u, 16ul), (d[0].Mode, d[0].MemoryIndex, d[0].Offset!.Instructions[0].C));
        Assert.Equal("ab"u8.ToArray(), d[0].Bytes.ToArray());
        Assert.Equal((SegmentMode.Passive, (ConstExpr?)null), (d[1].Mode, d[1].Offset));
        Assert.Equal("c"u8.ToArray(), d[1].Bytes.ToArray());
        Assert.Equal((SegmentMode.Active, 1u), (d[2].Mode, d[2].MemoryIndex));
        Assert.True(d[2].Bytes.IsEmpty);
    }

    [Fact]
    public void CustomSectionsAreKeptAnywhereAndTheNameSectionIsInterpreted()
    {
        byte[] names = [
            0x00, .. Sized(Name("mod")),
            0x01, .. Sized(Vec([.. U32(0), .. Name("main")], [.. U32(2), .. Name("helper")])),
            0x02, .. Sized(Vec([.. U32(0), .. Vec([.. U32(1), .. Name("x")])])),
            0x07, .. Sized([0x01, 0x02, 0x03]), // unknown subsection: skipped
        ];
        var bytes = Module(
            Section(0, Name("first"), [0xDE, 0xAD]),
            Section(1, Vec()),
            Section(0, Name("name"), names));
        var module = ModuleLoader.Load(bytes);

        Assert.Equal(["first", "name"], module.CustomSections.Select(c => c.Name));
        Assert.Equal([0xDE, 0xAD], module.CustomSections[0].Bytes);
        Assert.Equal(0xDE, bytes[module.CustomSections[0].Offset]);
        var n = Assert.IsType<NameSection>(module.Names);
        Assert.Equal("mod", n.ModuleName);
        Assert.Equal("main", n.FunctionNames[0]);
        Assert.Equal("helper", n.FunctionNames[2]);
        Assert.Equal("x", n.LocalNames[0][1]);
    }

    [Fact]
    public void MalformedNameSectionIsIgnoredNotFatal()
    {
        var module = ModuleLoader.Load(Module(Section(0, Name("name"), [0x01, 0x05, 0x01, 0x00])));
        Assert.Null(module.Names);
        Assert.Single(module.CustomSections);
    }

    private static byte[] Sized(byte[] content) => [.. U32((uint)content.Length), .. content];
}
