using WasmActors.Differential.Tests.Fuzz;
using WasmActors.Differential.Tests.Fuzz.Simd;
using WasmActors.Wasm.Execution;
using Xunit.Abstractions;

namespace WasmActors.Differential.Tests;

/// <summary>
/// Random programs that pass v128 values through locals, blocks, branches, selects, loops, globals, calls and memory
/// (<see cref="SimdProgramModule"/>), run in this engine and in Wasmtime: every program's five results, traps and the
/// memory must agree (NaN lanes aside). A few modules by default; WASMACTORS_DIFF_PROGRAM_SEEDS sets more
/// (WASMACTORS_DIFF_FIRST_SEED moves the window).
/// </summary>
public sealed class SimdProgramTests(ITestOutputHelper output)
{
    private const int ProgramsPerModule = 12;

    [Fact]
    public void RandomSimdProgramsBehaveAsInWasmtime() => Compare("default tiering", config: null);

    /// <summary>The same programs with every function compiled to CIL before it runs (and a tier threshold of 0).</summary>
    [Fact]
    public void RandomSimdProgramsBehaveAsInWasmtimeInTheCilTier()
    {
        var (compiled, rejected) = EngineTiering.CountDuring(() => Compare("every function in the CIL tier", EngineTiering.AllCompiled));
        output.WriteLine($"CIL tier: {compiled} bodies compiled");
        Assert.True(compiled > 0, "the CIL tier compiled nothing: this test did not exercise it");
        Assert.Equal(0, rejected); // a rejected body would have run in the interpreter
    }

    private void Compare(string mode, Wasm.EngineConfig? config)
    {
        var first = EnvironmentNumber("WASMACTORS_DIFF_FIRST_SEED", 1);
        var count = EnvironmentNumber("WASMACTORS_DIFF_PROGRAM_SEEDS", 10);
        var differences = new List<string>();
        int calls = 0, traps = 0;
        for (var seed = first; seed < first + count; seed++)
        {
            var wasm = SimdProgramModule.Build(seed, ProgramsPerModule);
            if (Environment.GetEnvironmentVariable("WASMACTORS_DIFF_KEEP") is { Length: > 0 } keep)
            {
                Directory.CreateDirectory(keep);
                File.WriteAllBytes(Path.Combine(keep, $"simd-program-{seed}.wasm"), wasm);
            }

            if (WasmtimeHarness.Validate(wasm) is { } invalid)
            {
                differences.Add($"seed {seed}: the generator made a module Wasmtime rejects: {invalid.Split('\n')[0]}");
                continue;
            }

            var wasmtime = WasmtimeHarness.Run(wasm, seed);
            var ours = OurEngineHarness.Run(wasm, seed, config, compileEveryFunction: config is not null);
            calls += ours.Calls.Count;
            traps += ours.Calls.Count(c => c.Trap is not null);
            if (OutcomeComparer.FirstDifference(ours, wasmtime) is { } difference)
            {
                differences.Add($"seed {seed}: {difference}");
            }
        }

        output.WriteLine($"{mode}, seeds {first}..{first + count - 1}: {count} modules, {calls} program calls compared, {traps} of them trapped, {differences.Count} differences");
        foreach (var difference in differences.Take(20))
        {
            output.WriteLine(difference);
        }

        Assert.True(calls > traps, "every program trapped: nothing but traps was compared");
        Assert.True(differences.Count == 0, string.Join("\n", differences.Take(5)));
    }

    [Fact]
    public void OnlyFloatArithmeticIsTakenForMakingNaNPayloads()
    {
        bool MakesNaNs(string name) => SimdProgramWriter.MakesNaNs(SimdInstructions.All.Single(i => i.Name == name));
        Assert.All(["F32x4Nearest", "F64x2Add", "F32x4Min", "F64x2Sqrt", "F32x4DemoteF64x2Zero", "F64x2PromoteLowF32x4"], name => Assert.True(MakesNaNs(name), name));
        Assert.All(["F32x4Neg", "F64x2Ne", "F32x4Pmin", "F64x2Abs", "F32x4ConvertI32x4S", "I32x4TruncSatF32x4S", "I8x16Add"], name => Assert.False(MakesNaNs(name), name));
    }

    private static int EnvironmentNumber(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}
