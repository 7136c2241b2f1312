using WasmActors.Wasm.Model;
using WasmActors.Wasm.Validation;
using static WasmActors.Wasm.Tests.Validation.TestModules;

namespace WasmActors.Wasm.Tests.Validation;

public class ConstExprValidationTests
{
    private static Module WithGlobal(ValType type, ConstExpr init, params GlobalType[] imports)
    {
        var module = new Module();
        foreach (var import in imports)
        {
            module.Imports.Add(new Import("env", "g", new GlobalImport(import)));
        }

        module.Globals.Add(new Global(new GlobalType(type, false), init));
        return module;
    }

    [Fact]
    public void AcceptsConstantsOfTheGlobalType()
    {
        ModuleValidator.Validate(WithGlobal(ValType.I32, I32(7)));
        ModuleValidator.Validate(WithGlobal(ValType.ExternRef, Const(Op(Opcode.RefNull, (uint)ValType.ExternRef))));
    }

    [Fact]
    public void RejectsValueOfAnotherType()
    {
        Assert.Equal("type mismatch", Invalid(WithGlobal(ValType.I64, I32(7))).Reason);
    }

    [Fact]
    public void RejectsEmptyAndDoubleValues()
    {
        Assert.Equal("type mismatch", Invalid(WithGlobal(ValType.I32, Const())).Reason);
        Assert.Equal("type mismatch", Invalid(WithGlobal(ValType.I32, Const(new Instruction(Opcode.I32Const), new Instruction(Opcode.I32Const)))).Reason);
    }

    [Fact]
    public void RejectsNonConstantInstructionsBeforeTyping()
    {
        Assert.Equal("constant expression required", Invalid(WithGlobal(ValType.I32, Const(Op(Opcode.Nop)))).Reason);
        Assert.Equal("constant expression required", Invalid(WithGlobal(ValType.I32, Const(new Instruction(Opcode.I32Const), Op(Opcode.I32Eqz)))).Reason);
    }

    [Fact]
    public void GlobalGetMayOnlyReadImportedImmutableGlobals()
    {
        ModuleValidator.Validate(WithGlobal(ValType.I32, Const(Op(Opcode.GlobalGet, 0)), new GlobalType(ValType.I32, false)));

        var mutableImport = WithGlobal(ValType.I32, Const(Op(Opcode.GlobalGet, 0)), new GlobalType(ValType.I32, true));
        Assert.Equal("constant expression required", Invalid(mutableImport).Reason);

        var definedGlobal = WithGlobal(ValType.I32, I32(0));
        definedGlobal.Globals.Add(new Global(new GlobalType(ValType.I32, false), Const(Op(Opcode.GlobalGet, 0))));
        Assert.Equal("unknown global 0", Invalid(definedGlobal).Reason);
    }

    [Fact]
    public void RefFuncMustNameAKnownFunction()
    {
        Assert.Equal("unknown function 7", Invalid(WithGlobal(ValType.FuncRef, Const(Op(Opcode.RefFunc, 7)))).Reason);
    }

    [Fact]
    public void RefFuncInAGlobalDeclaresTheFunction()
    {
        var module = WithFunction(EmptyType, Op(Opcode.RefFunc, 0), Op(Opcode.Drop));
        module.Globals.Add(new Global(new GlobalType(ValType.FuncRef, false), Const(Op(Opcode.RefFunc, 0))));

        ModuleValidator.Validate(module);
    }

    [Fact]
    public void SegmentOffsetsMustBeI32()
    {
        var module = new Module();
        module.Memories.Add(new MemoryType(new Limits(1, null)));
        module.Datas.Add(new DataSegment(SegmentMode.Active, 0, Const(new Instruction(Opcode.I64Const)), Array.Empty<byte>()));

        Assert.Equal("type mismatch", Invalid(module).Reason);
    }
}
