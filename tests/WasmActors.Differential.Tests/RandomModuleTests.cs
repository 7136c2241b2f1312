using WasmActors.Differential.Tests.Fuzz;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;
using Xunit.Abstractions;

namespace WasmActors.Differential.Tests;

/// <summary>
/// Random valid modules from binaryen, run in this engine and in Wasmtime: every export's results, traps and logged
/// values, and the final memory, must agree. The number of seeds is small by default (CI) and set by
/// WASMACTORS_DIFF_SEEDS for longer runs (WASMACTORS_DIFF_FIRST_SEED moves the window; WASMACTORS_DIFF_KEEP=DIR keeps the modules).
/// </summary>
public sealed class RandomModuleTests(ITestOutputHelper output)
{
    private const int DefaultSeeds = 30;

    /// <summary>Fewer SIMD seeds by default: their modules are larger.</summary>
    private const int DefaultSimdSeeds = 15;

    [BinaryenFact]
    public void RandomModulesBehaveAsInWasmtime() => CompareSeeds("default tiering");

    /// <summary>
    /// Modules with fixed-width SIMD: v128 arguments, results and logged values are compared whole (NaN lanes aside),
    /// as are the memories the vector loads and stores leave.
    /// </summary>
    [BinaryenFact]
    public void SimdRandomModulesBehaveAsInWasmtime()
    {
        var vectors = CompareSeeds("SIMD, default tiering", simd: true);
        Assert.True(vectors > 0, "no v128 value was logged or returned: the SIMD modules did not exercise vectors");
    }

    /// <summary>The same seeds with every function moved to the CIL tier at its first checkpoint.</summary>
    [BinaryenFact]
    public void RandomModulesBehaveAsInWasmtimeInTheCilTier()
    {
        var (compiled, _) = EngineTiering.CountDuring(() => CompareSeeds("CIL tier from the first checkpoint", config: EngineTiering.AllCompiled));
        output.WriteLine($"CIL tier: {compiled} bodies compiled");
        Assert.True(compiled > 0, "the CIL tier compiled nothing: this test did not exercise it");
    }

    /// <summary>SIMD modules with every function, SIMD ones included, compiled to CIL before the first call.</summary>
    [BinaryenFact]
    public void SimdRandomModulesBehaveAsInWasmtimeInTheCilTier()
    {
        var (compiled, rejected) = EngineTiering.CountDuring(
            () => CompareSeeds("SIMD, every function in the CIL tier", simd: true, config: EngineTiering.AllCompiled, compileEveryFunction: true));
        output.WriteLine($"CIL tier: {compiled} bodies compiled");
        Assert.True(compiled > 0, "the CIL tier compiled nothing: this test did not exercise it");
        Assert.Equal(0, rejected); // a rejected body would have run in the interpreter
    }

    /// <summary>Compares the seeds' modules and returns how many v128 values were compared.</summary>
    private int CompareSeeds(string mode, bool simd = false, EngineConfig? config = null, bool compileEveryFunction = false)
    {
        var first = EnvironmentNumber("WASMACTORS_DIFF_FIRST_SEED", 1);
        var count = EnvironmentNumber("WASMACTORS_DIFF_SEEDS", simd ? DefaultSimdSeeds : DefaultSeeds);
        var mismatches = new List<string>();
        var exportsCompared = 0;
        var traps = 0;
        var vectors = 0;
        var nanPayloadOnly = new List<int>();
        for (var seed = first; seed < first + count; seed++)
        {
            var (wasm, validityDifference) = DifferentialRun.Generate(seed, simd);
            if (validityDifference is not null)
            {
                mismatches.Add($"seed {seed}: {validityDifference}");
            }

            if (Environment.GetEnvironmentVariable("WASMACTORS_DIFF_KEEP") is { Length: > 0 } keep)
            {
                // For investigating a seed: the exact module both engines ran.
                Directory.CreateDirectory(keep);
                File.WriteAllBytes(Path.Combine(keep, $"{(simd ? "simd-" : "")}seed-{seed}.wasm"), wasm);
            }

            var verdict = DifferentialRun.Compare(wasm, seed, config, compileEveryFunction);
            exportsCompared += verdict.Calls;
            traps += verdict.Traps;
            vectors += verdict.V128Values;
            if (verdict.NaNPayloadOnly)
            {
                nanPayloadOnly.Add(seed);
            }

            if (verdict.Difference is { } difference)
            {
                mismatches.Add($"seed {seed}: {difference}");
            }
            else if (verdict.BudgetCut)
            {
                mismatches.Add($"seed {seed}: a call used up the work budget, so the module was only partly compared (its hang limit should stop it first)");
            }
        }

        output.WriteLine($"{mode}: seeds {first}..{first + count - 1}: {count} modules, {exportsCompared} export calls compared, {traps} of them trapped, {vectors} v128 values logged or returned, {mismatches.Count} mismatches");
        if (nanPayloadOnly.Count > 0)
        {
            output.WriteLine($"differences that vanish without NaNs (payload nondeterminism the spec allows), seeds: {string.Join(", ", nanPayloadOnly)}");
        }

        foreach (var mismatch in mismatches)
        {
            output.WriteLine(mismatch);
        }

        Assert.True(exportsCompared > 0, "no export was compared: the generator made empty modules");
        Assert.True(mismatches.Count == 0, string.Join("\n", mismatches));
        return vectors;
    }

    private static int EnvironmentNumber(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}
