using WasmActors.Differential.Tests.Fuzz;
using WasmActors.Wasm.Model;

namespace WasmActors.Differential.Tests;

/// <summary>The comparison itself: it must see every kind of difference, and only the NaN payloads the spec leaves open.</summary>
public sealed class OutcomeComparerTests
{
    private static readonly TypedValue One = new(ValType.I32, 1);

    [Fact]
    public void IdenticalRunsAgree() => Assert.Null(OutcomeComparer.FirstDifference(Outcome(), Outcome()));

    [Fact]
    public void DifferentLogsAreADifference() =>
        Assert.Contains("logged different values", OutcomeComparer.FirstDifference(Outcome(), Outcome(logs: [One, One])));

    [Fact]
    public void TrapVersusResultIsADifference() =>
        Assert.Contains("trap: ours none, wasmtime Unreachable", OutcomeComparer.FirstDifference(Outcome(), Outcome(trap: TrapKind.Unreachable)));

    [Fact]
    public void DifferentResultsAreADifference() =>
        Assert.Contains("returned different results", OutcomeComparer.FirstDifference(Outcome(), Outcome(results: [new TypedValue(ValType.I32, 2)])));

    [Fact]
    public void DifferentMemoryIsADifferenceThatNamesTheByte()
    {
        var memory = new byte[65536];
        memory[0x1234] = 7;
        var difference = OutcomeComparer.FirstDifference(Outcome(), Outcome(memory: memory));
        Assert.Contains("differs in 1 bytes, first at 0x1234", difference);
    }

    [Fact]
    public void NaNPayloadsAreNotADifferenceButOtherFloatBitsAre()
    {
        var quiet = new TypedValue(ValType.F64, 0x7FF8_0000_0000_0000);
        var payload = new TypedValue(ValType.F64, 0xFFF8_0000_0000_1234);
        var negativeZero = new TypedValue(ValType.F64, 0x8000_0000_0000_0000);
        var zero = new TypedValue(ValType.F64, 0);
        Assert.True(quiet.SpecEquals(payload));
        Assert.False(zero.SpecEquals(negativeZero));
        Assert.Null(OutcomeComparer.FirstDifference(Outcome(results: [quiet]), Outcome(results: [payload])));
    }

    [Fact]
    public void NothingFromACallOutOfBudgetOnIsCompared()
    {
        var outOfBudget = Outcome(trap: TrapKind.OutOfBudget, memory: new byte[65536 * 2]);
        Assert.Null(OutcomeComparer.FirstDifference(Outcome(), outOfBudget));
        Assert.Empty(OutcomeComparer.CallDifferences(outOfBudget, Outcome(results: [new TypedValue(ValType.I32, 2)])));
    }

    [Fact]
    public void V128NaNLanesAreNotADifferenceButOtherLaneBitsAre()
    {
        // f32x4 (NaN, 1.0, -0.0, NaN) against other NaN payloads in the NaN lanes.
        var vector = new TypedValue(ValType.V128, 0x3F80_0000_7FC0_0000, 0x7FC0_0000_8000_0000);
        var otherPayloads = new TypedValue(ValType.V128, 0x3F80_0000_FFC0_0001, 0x7FA0_0000_8000_0000);
        Assert.True(vector.SpecEquals(otherPayloads));

        // f64x2 (NaN, 2.0): a NaN's low word may be anything, even a pattern that is no f32 NaN.
        var wide = new TypedValue(ValType.V128, 0x7FF8_0000_0000_0000, 0x4000_0000_0000_0000);
        Assert.True(wide.SpecEquals(wide with { Bits = 0xFFF8_0000_1234_5678 }));

        Assert.False(vector.SpecEquals(vector with { High = 0x7FC0_0000_0000_0000 }), "-0.0 against +0.0 in lane 2");
        Assert.False(vector.SpecEquals(vector with { Bits = 0x3F80_0001_7FC0_0000 }), "a changed non-NaN lane");
        Assert.False(wide.SpecEquals(wide with { High = 0 }), "the high half alone differs");
        Assert.Contains("logged different values", OutcomeComparer.FirstDifference(Outcome(logs: [vector]), Outcome(logs: [vector with { Bits = 1 }])));
    }

    [Fact]
    public void V128ArgumentsFillBothHalvesIndependently()
    {
        var vectors = Enumerable.Range(0, 50).Select(seed => ExportArguments.For(seed, 0, [ValType.V128])[0]).ToList();
        Assert.All(vectors, v => Assert.Equal(ValType.V128, v.Type));
        Assert.Contains(vectors, v => v.Bits != v.High);
        Assert.True(vectors.Select(v => (v.Bits, v.High)).Distinct().Count() > 10, "too few distinct v128 arguments over 50 seeds");
    }

    [Fact]
    public void ArgumentsAreDeterministicAndVaried()
    {
        ValType[] parameters = [ValType.I32, ValType.I64, ValType.F32, ValType.F64, ValType.I32];
        Assert.Equal(ExportArguments.For(7, 3, parameters), ExportArguments.For(7, 3, parameters));
        var distinct = Enumerable.Range(0, 50).Select(seed => ExportArguments.For(seed, 0, [ValType.I32])[0].Bits).Distinct().Count();
        Assert.True(distinct > 5, $"only {distinct} distinct i32 arguments over 50 seeds");
    }

    private static ModuleOutcome Outcome(TypedValue[]? logs = null, TypedValue[]? results = null, TrapKind? trap = null, byte[]? memory = null) =>
        new(null, null, [new CallOutcome("f", logs ?? [One], trap is null ? results ?? [One] : [], trap, trap?.ToString())], memory ?? new byte[65536]);
}
