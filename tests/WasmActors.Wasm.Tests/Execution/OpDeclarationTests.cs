using WasmActors.Wasm.Execution;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>The tables generated from the op declarations agree with each other and with the semantics methods.</summary>
public sealed class OpDeclarationTests
{
    private static readonly Op[] AllOps = Enum.GetValues<Op>();

    [Fact]
    public void A_numeric_op_takes_as_many_arguments_as_its_layout_has_inputs()
    {
        foreach (var op in AllOps)
        {
            if (OpMethods.Semantics(op) is { } method)
            {
                var inputs = OpInfo.Operands(op).Count(o => o is Operand.Slot or Operand.Imm);
                Assert.Equal(inputs, method.GetParameters().Length);
                Assert.Equal(OpInfo.Operands(op).Length + 1, OpInfo.FixedLength(op));
            }
        }
    }

    [Fact]
    public void Every_op_is_compiled_by_its_semantics_or_a_helper_or_by_hand()
    {
        foreach (var op in AllOps)
        {
            var general = OpMethods.Semantics(op) is not null || OpMethods.Helper(op) is not null;
            var byHand = op is Op.Copy or Op.Const32 or Op.Const64 or Op.Br or Op.BrCopy or Op.BrIfNez or Op.BrIfEqz or Op.BrTable
                or Op.Return or Op.Return1 or Op.ReturnN or Op.Call or Op.CallIndirect or Op.Simd;
            Assert.True(general ^ byHand, $"{op}: exactly one way to compile it");
        }
    }

    [Fact]
    public void A_conditional_branch_ends_with_its_target_and_its_negation_is_laid_out_alike()
    {
        var branches = AllOps.Where(OpMap.IsConditionalBranch).ToList();
        Assert.Equal(42, branches.Count);
        foreach (var op in branches)
        {
            var negation = OpMap.Negate(op);
            Assert.Equal(op, OpMap.Negate(negation));
            Assert.Equal(OpInfo.Operands(op), OpInfo.Operands(negation));
            Assert.Equal(Operand.Target, OpInfo.Operands(op)[^1]);
            Assert.True(OpInfo.FallsThrough(op));
        }
    }

    [Fact]
    public void The_fused_forms_keep_the_comparison_s_operands()
    {
        foreach (var op in AllOps)
        {
            if (OpMap.WithImmediate(op) is { } immediate)
            {
                Assert.Equal([Operand.Result, Operand.Slot, Operand.Imm], OpInfo.Operands(immediate));
            }

            if (OpMap.BranchOn(op) is { } branch)
            {
                Assert.Equal(OpInfo.Operands(op)[1..], OpInfo.Operands(branch)[..^1]);
            }
        }
    }
}
