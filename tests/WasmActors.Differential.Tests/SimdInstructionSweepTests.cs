using WasmActors.Differential.Tests.Fuzz;
using WasmActors.Differential.Tests.Fuzz.Simd;
using WasmActors.Wasm.Execution;
using Xunit.Abstractions;

namespace WasmActors.Differential.Tests;

/// <summary>
/// Every SIMD instruction, each on several operand sets chosen at the edges of its lane types, run in this engine and
/// in Wasmtime: results, traps and memory must agree (NaN lanes aside). binaryen's random modules use few SIMD
/// instructions (mostly v128.const, loads, stores and lane extraction); this sweep reaches all of them. One module by
/// default; WASMACTORS_DIFF_SWEEP_SEEDS sets more (WASMACTORS_DIFF_FIRST_SEED moves the window).
/// </summary>
public sealed class SimdInstructionSweepTests(ITestOutputHelper output)
{
    private const int OperandSetsPerInstruction = 8;

    [Fact]
    public void EverySimdInstructionBehavesAsInWasmtime() => Sweep("default tiering", config: null);

    /// <summary>The same sweep with every function compiled to CIL before it runs (and a tier threshold of 0).</summary>
    [Fact]
    public void EverySimdInstructionBehavesAsInWasmtimeInTheCilTier()
    {
        var (compiled, rejected) = EngineTiering.CountDuring(() => Sweep("every function in the CIL tier", EngineTiering.AllCompiled));
        output.WriteLine($"CIL tier: {compiled} bodies compiled");
        Assert.True(compiled >= SimdInstructions.All.Count, $"the CIL tier compiled {compiled} bodies, fewer than one per instruction");
        Assert.Equal(0, rejected); // a rejected body would have run in the interpreter
    }

    private void Sweep(string mode, Wasm.EngineConfig? config)
    {
        var first = EnvironmentNumber("WASMACTORS_DIFF_FIRST_SEED", 1);
        var count = EnvironmentNumber("WASMACTORS_DIFF_SWEEP_SEEDS", 1);
        var differences = new List<string>();
        int calls = 0, traps = 0, nonZeroVectors = 0;
        var samples = new List<string>();
        for (var seed = first; seed < first + count; seed++)
        {
            var wasm = SimdSweepModule.Build(seed, OperandSetsPerInstruction);
            var wasmtime = WasmtimeHarness.Run(wasm, seed);
            var ours = OurEngineHarness.Run(wasm, seed, config, compileEveryFunction: config is not null);
            Assert.Equal(wasmtime.Calls.Count, ours.Calls.Count);
            calls += ours.Calls.Count;
            traps += ours.Calls.Count(c => c.Trap is not null);
            nonZeroVectors += ours.Calls.Count(c => c.Results is [{ Type: Wasm.Model.ValType.V128 } v] && (v.Bits | v.High) != 0);
            samples.AddRange(ours.Calls.Where(c => c.Export is "F32x4Nearest#0" or "I8x16NarrowI16x8S#0" or "V128Load64Lane#0").Select(c => c.Describe()));
            differences.AddRange(OutcomeComparer.CallDifferences(ours, wasmtime).Select(d => $"seed {seed}: {d}"));
        }

        output.WriteLine($"{mode}, seeds {first}..{first + count - 1}: {SimdInstructions.All.Count} instructions, {calls} calls compared, {traps} of them trapped, {differences.Count} differences");
        output.WriteLine("for example, in this engine: " + string.Join("; ", samples.Take(3)));
        foreach (var difference in differences.Take(50))
        {
            output.WriteLine(difference);
        }

        Assert.Equal(SimdInstructions.All.Count * OperandSetsPerInstruction * count, calls);
        Assert.True(nonZeroVectors > calls / 2, $"only {nonZeroVectors} of {calls} calls returned a non-zero vector: the sweep did not compare real results");
        Assert.True(traps > 0, "no memory access trapped: the sweep missed the out-of-bounds edge");
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(10)));
    }

    [Fact]
    public void TheSweepCoversEveryShapeOfInstruction()
    {
        Assert.Equal(235, SimdInstructions.All.Count); // 236 SIMD instructions in WebAssembly 2.0, less v128.const
        Assert.All(Enum.GetValues<SweepShape>(), shape => Assert.Contains(SimdInstructions.All, i => i.Shape == shape));
        Assert.Equal(SweepShape.Unary, SimdInstructions.All.Single(i => i.Name == "I32x4TruncSatF64x2SZero").Shape);
        Assert.Equal(LaneShape.F64x2, SimdInstructions.All.Single(i => i.Name == "I32x4TruncSatF64x2SZero").Input);
        Assert.Equal(SweepShape.Binary, SimdInstructions.All.Single(i => i.Name == "I16x8ExtmulHighI8x16U").Shape);
        Assert.Equal(8, SimdInstructions.All.Single(i => i.Name == "V128Load16x4S").MemoryBytes);
        Assert.Equal(4, SimdInstructions.All.Single(i => i.Name == "V128Store32Lane").Lanes);
    }

    private static int EnvironmentNumber(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}
