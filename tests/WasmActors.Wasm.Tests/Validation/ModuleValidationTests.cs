using WasmActors.Wasm.Model;
using WasmActors.Wasm.Validation;
using static WasmActors.Wasm.Tests.Validation.TestModules;

namespace WasmActors.Wasm.Tests.Validation;

public class ModuleValidationTests
{
    [Fact]
    public void AcceptsAnEmptyModule()
    {
        ModuleValidator.Validate(new Module());
    }

    [Fact]
    public void FunctionsAndImportsMustNameKnownTypes()
    {
        var module = new Module();
        module.Imports.Add(new Import("env", "f", new FunctionImport(3)));
        Assert.Equal("unknown type 3", Invalid(module).Reason);

        var defined = new Module();
        defined.Functions.Add(Function(1, []));
        Assert.Equal("unknown type 1", Invalid(defined).Reason);
    }

    [Theory]
    [InlineData(2u, 1u, "size minimum must not be greater than maximum")]
    [InlineData(65537u, null, "memory size must be at most 65536 pages (4GiB)")]
    [InlineData(0u, 65537u, "memory size must be at most 65536 pages (4GiB)")]
    public void MemoryLimitsAreChecked(uint min, uint? max, string reason)
    {
        var module = new Module();
        module.Memories.Add(new MemoryType(new Limits(min, max)));

        Assert.Equal(reason, Invalid(module).Reason);
    }

    [Fact]
    public void AcceptsTheLargestMemoryAndAnyTableSize()
    {
        var module = new Module();
        module.Memories.Add(new MemoryType(new Limits(65536, 65536)));
        module.Tables.Add(new TableType(ValType.FuncRef, new Limits(uint.MaxValue, uint.MaxValue)));

        ModuleValidator.Validate(module);
    }

    [Fact]
    public void TableLimitsMustBeOrdered()
    {
        var module = new Module();
        module.Imports.Add(new Import("env", "t", new TableImport(new TableType(ValType.FuncRef, new Limits(5, 4)))));

        Assert.Equal("size minimum must not be greater than maximum", Invalid(module).Reason);
    }

    [Fact]
    public void AtMostOneMemoryCountingImports()
    {
        var module = new Module();
        module.Imports.Add(new Import("env", "m", new MemoryImport(new MemoryType(new Limits(1, null)))));
        module.Memories.Add(new MemoryType(new Limits(1, null)));

        Assert.Equal("multiple memories", Invalid(module).Reason);
    }

    [Fact]
    public void SeveralTablesAreAllowed()
    {
        var module = new Module();
        module.Tables.Add(new TableType(ValType.FuncRef, new Limits(1, null)));
        module.Tables.Add(new TableType(ValType.ExternRef, new Limits(1, null)));

        ModuleValidator.Validate(module);
    }

    [Fact]
    public void ExportNamesMustBeUniqueAndIndicesKnown()
    {
        var module = WithFunction(EmptyType);
        module.Exports.Add(new Export("a", ExternalKind.Function, 0));
        module.Exports.Add(new Export("a", ExternalKind.Function, 0));
        Assert.Equal("duplicate export name \"a\"", Invalid(module).Reason);

        var unknown = new Module();
        unknown.Exports.Add(new Export("g", ExternalKind.Global, 0));
        Assert.Equal("unknown global 0", Invalid(unknown).Reason);
    }

    [Fact]
    public void StartFunctionMustTakeAndReturnNothing()
    {
        var module = WithFunction(ReturnsI32, new Instruction(Opcode.I32Const));
        module.Start = 0;
        Assert.Equal("start function", Invalid(module).Reason);

        var unknown = new Module { Start = 2 };
        Assert.Equal("unknown function 2", Invalid(unknown).Reason);
    }

    [Fact]
    public void ActiveElementSegmentMustMatchItsTable()
    {
        var module = WithFunction(EmptyType);
        module.Tables.Add(new TableType(ValType.ExternRef, new Limits(1, null)));
        module.Elements.Add(new ElementSegment(SegmentMode.Active, 0, I32(0), ValType.FuncRef, [Const(Op(Opcode.RefFunc, 0))]));
        Assert.Equal("type mismatch", Invalid(module).Reason);

        var missingTable = WithFunction(EmptyType);
        missingTable.Elements.Add(new ElementSegment(SegmentMode.Active, 1, I32(0), ValType.FuncRef, []));
        Assert.Equal("unknown table 1", Invalid(missingTable).Reason);
    }

    [Fact]
    public void ElementItemsMustHaveTheSegmentType()
    {
        var module = new Module();
        module.Elements.Add(new ElementSegment(SegmentMode.Passive, 0, null, ValType.ExternRef, [Const(Op(Opcode.RefNull, (uint)ValType.FuncRef))]));

        Assert.Equal("type mismatch", Invalid(module).Reason);
    }

    [Fact]
    public void ActiveDataSegmentNeedsAMemory()
    {
        var module = new Module();
        module.Datas.Add(new DataSegment(SegmentMode.Active, 0, I32(0), new byte[] { 1, 2 }));
        Assert.Equal("unknown memory 0", Invalid(module).Reason);

        module.Memories.Add(new MemoryType(new Limits(1, null)));
        ModuleValidator.Validate(module);
    }
}
