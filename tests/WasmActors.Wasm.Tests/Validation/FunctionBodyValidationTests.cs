using WasmActors.Wasm.Model;
using WasmActors.Wasm.Validation;
using static WasmActors.Wasm.Tests.Validation.TestModules;

namespace WasmActors.Wasm.Tests.Validation;

public class FunctionBodyValidationTests
{
    private static readonly Instruction I32Const = new(Opcode.I32Const, c: 1);
    private static readonly Instruction I64Const = new(Opcode.I64Const, c: 1);

    [Fact]
    public void AcceptsArithmeticWithMatchingTypes()
    {
        ModuleValidator.Validate(WithFunction(
            Type([ValType.I32, ValType.I32], [ValType.I32]),
            Op(Opcode.LocalGet, 0),
            Op(Opcode.LocalGet, 1),
            Op(Opcode.I32Add)));
    }

    [Fact]
    public void RejectsOperandOfWrongTypeNamingFunctionAndOffset()
    {
        var module = new Module();
        module.Types.Add(ReturnsI32);
        module.Imports.Add(new Import("env", "f", new FunctionImport(0)));
        module.Functions.Add(Function(0, [], I32Const, I64Const, Op(Opcode.I32Add)));

        var error = Invalid(module);

        Assert.Equal("type mismatch", error.Reason);
        Assert.Equal(1, error.FunctionIndex);
        Assert.Equal(FirstOffset + 2, error.Offset);
    }

    [Fact]
    public void RejectsMissingResult()
    {
        Assert.Equal("type mismatch", Invalid(WithFunction(ReturnsI32)).Reason);
    }

    [Fact]
    public void RejectsValuesLeftOverAtEnd()
    {
        Assert.Equal("type mismatch", Invalid(WithFunction(EmptyType, I32Const)).Reason);
    }

    [Fact]
    public void UnreachableCodeIsPolymorphic()
    {
        ModuleValidator.Validate(WithFunction(ReturnsI32, Op(Opcode.Unreachable), Op(Opcode.I32Add)));
        ModuleValidator.Validate(WithFunction(ReturnsI32, Op(Opcode.Unreachable), Op(Opcode.Select)));
        ModuleValidator.Validate(WithFunction(ReturnsI32, I32Const, Op(Opcode.Return), Op(Opcode.I64Const), Op(Opcode.I64Eqz)));
    }

    [Fact]
    public void UnreachableCodeStillChecksKnownOperands()
    {
        var error = Invalid(WithFunction(ReturnsI32, Op(Opcode.Unreachable), I64Const, Op(Opcode.I32Add)));

        Assert.Equal("type mismatch", error.Reason);
    }

    [Fact]
    public void BlockCannotPopOperandsOfItsParent()
    {
        var error = Invalid(WithFunction(ReturnsI32, I32Const, Block(Opcode.Block, ValType.I32), Op(Opcode.End)));

        Assert.Equal("type mismatch", error.Reason);
    }

    [Fact]
    public void MultiValueBlocksTakeParametersAndReturnSeveralResults()
    {
        var module = WithFunction(
            Type([], [ValType.I32, ValType.I64]),
            I32Const,
            BlockOfType(Opcode.Block, 1),
            I64Const,
            Op(Opcode.End));
        module.Types.Add(Type([ValType.I32], [ValType.I32, ValType.I64]));

        ModuleValidator.Validate(module);
    }

    [Fact]
    public void BlockTypeMustNameAKnownType()
    {
        var error = Invalid(WithFunction(EmptyType, BlockOfType(Opcode.Block, 7), Op(Opcode.End)));

        Assert.Equal("unknown type 7", error.Reason);
    }

    [Fact]
    public void IfWithoutElseMustNotChangeTheStackType()
    {
        var error = Invalid(WithFunction(ReturnsI32, I32Const, Block(Opcode.If, ValType.I32), I32Const, Op(Opcode.End)));

        Assert.Equal("type mismatch", error.Reason);
    }

    [Fact]
    public void IfWithElseProducesItsResult()
    {
        ModuleValidator.Validate(WithFunction(
            ReturnsI32,
            I32Const,
            Block(Opcode.If, ValType.I32),
            I32Const,
            Op(Opcode.Else),
            I32Const,
            Op(Opcode.End)));
    }

    [Fact]
    public void BranchToLoopCarriesItsParameters()
    {
        var module = WithFunction(EmptyType, I32Const, BlockOfType(Opcode.Loop, 1), Op(Opcode.Br, 0), Op(Opcode.End), Op(Opcode.Drop));
        module.Types.Add(Type([ValType.I32], [ValType.I32]));

        ModuleValidator.Validate(module);
    }

    [Fact]
    public void BranchDepthMustBeInRange()
    {
        Assert.Equal("unknown label 1", Invalid(WithFunction(EmptyType, Op(Opcode.Br, 1))).Reason);
    }

    [Fact]
    public void BranchTableTargetsMustAgreeOnArity()
    {
        var valid = WithFunction(
            ReturnsI32,
            Block(Opcode.Block, ValType.I32),
            I32Const,
            I32Const,
            Op(Opcode.BrTable, 1, labels: [0]),
            Op(Opcode.End));
        ModuleValidator.Validate(valid);

        var invalid = WithFunction(
            EmptyType,
            Block(Opcode.Block, ValType.I32),
            I32Const,
            I32Const,
            Op(Opcode.BrTable, 1, labels: [0]),
            Op(Opcode.End),
            Op(Opcode.Drop));
        Assert.Equal("type mismatch", Invalid(invalid).Reason);
    }

    [Fact]
    public void LocalsAreParametersThenDeclaredLocals()
    {
        ModuleValidator.Validate(WithFunction(Type([ValType.I32], [ValType.I64]), [ValType.I64], Op(Opcode.LocalGet, 1)));

        Assert.Equal("unknown local 2", Invalid(WithFunction(Type([ValType.I32], []), [ValType.I64], Op(Opcode.LocalGet, 2))).Reason);
    }

    [Fact]
    public void GlobalSetRequiresAMutableGlobal()
    {
        var module = WithFunction(EmptyType, I32Const, Op(Opcode.GlobalSet, 0));
        module.Globals.Add(new Global(new GlobalType(ValType.I32, false), I32(0)));

        Assert.Equal("global is immutable", Invalid(module).Reason);
        Assert.Equal("unknown global 0", Invalid(WithFunction(EmptyType, I32Const, Op(Opcode.GlobalSet, 0))).Reason);
    }

    [Fact]
    public void CallChecksArgumentsAndFunctionIndex()
    {
        var module = WithFunction(Type([ValType.I32], []), I64Const, Op(Opcode.Call, 0));
        Assert.Equal("type mismatch", Invalid(module).Reason);

        Assert.Equal("unknown function 5", Invalid(WithFunction(EmptyType, Op(Opcode.Call, 5))).Reason);
    }

    [Fact]
    public void CallIndirectNeedsAFuncrefTable()
    {
        var module = WithFunction(EmptyType, I32Const, Op(Opcode.CallIndirect, 0, 0));
        Assert.Equal("unknown table 0", Invalid(module).Reason);

        module.Tables.Add(new TableType(ValType.ExternRef, new Limits(1, null)));
        Assert.Equal("type mismatch", Invalid(module).Reason);
    }

    [Fact]
    public void MemoryAccessesNeedAMemoryAndNaturalAlignment()
    {
        var module = WithFunction(ReturnsI32, I32Const, Op(Opcode.I32Load, 2, 0));
        Assert.Equal("unknown memory 0", Invalid(module).Reason);

        module.Memories.Add(new MemoryType(new Limits(1, null)));
        ModuleValidator.Validate(module);

        var overAligned = WithFunction(ReturnsI32, I32Const, Op(Opcode.I32Load8U, 1, 0));
        overAligned.Memories.Add(new MemoryType(new Limits(1, null)));
        Assert.Equal("alignment must not be larger than natural", Invalid(overAligned).Reason);
    }

    [Fact]
    public void MemoryInitChecksMemoryBeforeDataSegment()
    {
        var module = WithFunction(EmptyType, I32Const, I32Const, I32Const, Op(Opcode.MemoryInit, 1, 0));
        module.DataCount = 1;
        module.Datas.Add(new DataSegment(SegmentMode.Passive, 0, null, new byte[] { 1 }));
        Assert.Equal("unknown memory 0", Invalid(module).Reason);

        module.Memories.Add(new MemoryType(new Limits(1, null)));
        Assert.Equal("unknown data segment 1", Invalid(module).Reason);
    }

    [Fact]
    public void UntypedSelectRejectsReferences()
    {
        var module = WithFunction(Type([ValType.ExternRef], []), Op(Opcode.LocalGet, 0), Op(Opcode.LocalGet, 0), I32Const, Op(Opcode.Select), Op(Opcode.Drop));
        Assert.Equal("type mismatch", Invalid(module).Reason);

        var typed = WithFunction(Type([ValType.ExternRef], []), Op(Opcode.LocalGet, 0), Op(Opcode.LocalGet, 0), I32Const, Op(Opcode.SelectTyped, (uint)ValType.ExternRef, 1), Op(Opcode.Drop));
        ModuleValidator.Validate(typed);
    }

    [Fact]
    public void TypedSelectTakesExactlyOneType()
    {
        var module = WithFunction(EmptyType, I32Const, I32Const, I32Const, Op(Opcode.SelectTyped, (uint)ValType.I32, 2), Op(Opcode.Drop));

        Assert.Equal("invalid result arity", Invalid(module).Reason);
    }

    [Fact]
    public void RejectsUndefinedValueTypesInImmediates()
    {
        var select = WithFunction(EmptyType, I32Const, I32Const, I32Const, Op(Opcode.SelectTyped, 0x40, 1), Op(Opcode.Drop));
        Assert.Equal("invalid value type", Invalid(select).Reason);

        var block = WithFunction(EmptyType, BlockType.Encode(Opcode.Block, new BlockType(BlockTypeKind.SingleValue, 0x40), 0), Op(Opcode.End));
        Assert.Equal("invalid value type", Invalid(block).Reason);
    }

    [Fact]
    public void TableCopyRequiresMatchingElementTypes()
    {
        var module = WithFunction(EmptyType, I32Const, I32Const, I32Const, Op(Opcode.TableCopy, 0, 1));
        module.Tables.Add(new TableType(ValType.FuncRef, new Limits(1, null)));
        module.Tables.Add(new TableType(ValType.ExternRef, new Limits(1, null)));

        Assert.Equal("type mismatch", Invalid(module).Reason);
    }

    [Fact]
    public void TableInitChecksTableThenSegment()
    {
        var module = WithFunction(EmptyType, I32Const, I32Const, I32Const, Op(Opcode.TableInit, 4, 0));
        Assert.Equal("unknown table 0", Invalid(module).Reason);

        module.Tables.Add(new TableType(ValType.FuncRef, new Limits(1, null)));
        Assert.Equal("unknown elem segment 4", Invalid(module).Reason);
    }

    [Fact]
    public void RefFuncRequiresADeclaredFunction()
    {
        var undeclared = WithFunction(EmptyType, Op(Opcode.RefFunc, 0), Op(Opcode.Drop));
        Assert.Equal("undeclared function reference", Invalid(undeclared).Reason);

        var declared = WithFunction(EmptyType, Op(Opcode.RefFunc, 0), Op(Opcode.Drop));
        declared.Elements.Add(new ElementSegment(SegmentMode.Declarative, 0, null, ValType.FuncRef, [Const(Op(Opcode.RefFunc, 0))]));
        ModuleValidator.Validate(declared);

        var exported = WithFunction(EmptyType, Op(Opcode.RefFunc, 0), Op(Opcode.Drop));
        exported.Exports.Add(new Export("f", ExternalKind.Function, 0));
        ModuleValidator.Validate(exported);
    }

    [Fact]
    public void RefIsNullRequiresAReference()
    {
        Assert.Equal("type mismatch", Invalid(WithFunction(ReturnsI32, I32Const, Op(Opcode.RefIsNull))).Reason);
        ModuleValidator.Validate(WithFunction(ReturnsI32, Op(Opcode.RefNull, (uint)ValType.FuncRef), Op(Opcode.RefIsNull)));
    }

    [Fact]
    public void RejectsInstructionsAfterTheFinalEnd()
    {
        var error = Invalid(WithFunction(EmptyType, Op(Opcode.End), Op(Opcode.Nop)));

        Assert.Equal("operators remaining after end of function", error.Reason);
    }

    [Fact]
    public void AcceptsAMillionNestedBlocks()
    {
        const int depth = 1_000_000;

        // depth blocks, a branch from the innermost one out of the function, depth ends, the final end.
        var body = new Instruction[(2 * depth) + 2];
        for (var i = 0; i < depth; i++)
        {
            body[i] = Block(Opcode.Block);
            body[depth + 1 + i] = Op(Opcode.End);
        }

        body[depth] = Op(Opcode.Br, depth);
        body[^1] = Op(Opcode.End);
        var module = new Module();
        module.Types.Add(EmptyType);
        module.Functions.Add(new FunctionBody(0, [], body, 0));

        ModuleValidator.Validate(module);

        body[depth] = Op(Opcode.Br, depth + 1);
        Assert.Equal($"unknown label {depth + 1}", Invalid(module).Reason);
    }
}
