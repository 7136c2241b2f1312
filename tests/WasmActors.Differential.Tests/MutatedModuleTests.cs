using WasmActors.Differential.Tests.Fuzz;
using WasmActors.Wasm;
using Xunit.Abstractions;

namespace WasmActors.Differential.Tests;

/// <summary>
/// Mutated copies of valid random modules (a few bytes flipped, inserted or removed): this engine must answer with a
/// typed error or a module, never crash, and must accept exactly the modules Wasmtime (held to WebAssembly 2.0)
/// accepts. Modules both accept are then run in both and compared like unmutated ones. Half of the seeds start from a
/// SIMD module, so mutants also hit the 0xFD prefix, its sub-opcodes, lane indices and v128 types.
/// </summary>
public sealed class MutatedModuleTests(ITestOutputHelper output)
{
    private const int DefaultSeeds = 20;
    private const int MutantsPerSeed = 10;

    [BinaryenFact]
    public void MutantsAreJudgedAndRunAsInWasmtime()
    {
        var first = EnvironmentNumber("WASMACTORS_DIFF_FIRST_SEED", 1);
        var count = EnvironmentNumber("WASMACTORS_DIFF_SEEDS", DefaultSeeds);
        var problems = new List<string>();
        int accepted = 0, rejected = 0, ran = 0, cut = 0;
        for (var seed = first; seed < first + count; seed++)
        {
            // Seeds 2, 3, 6, 7...: SIMD, with and without -O2 (odd seeds are optimised).
            var (wasm, _) = DifferentialRun.Generate(seed, simd: seed % 4 >= 2);
            for (var m = 0; m < MutantsPerSeed; m++)
            {
                var mutant = Mutations.Apply(wasm, seed, m);
                string? ours;
                try
                {
                    ours = OurEngineHarness.Validate(mutant);
                }
                catch (Exception e) when (e is not WasmException)
                {
                    problems.Add($"seed {seed} mutant {m}: our loader or validator threw {e.GetType().Name}: {e.Message}");
                    continue;
                }

                var wasmtime = WasmtimeHarness.Validate(mutant);
                if ((ours is null) != (wasmtime is null))
                {
                    problems.Add($"seed {seed} mutant {m}: ours {(ours is null ? "accepts" : "rejects (" + ours + ")")}, Wasmtime {(wasmtime is null ? "accepts" : "rejects (" + FirstLine(wasmtime) + ")")}");
                    continue;
                }

                if (ours is not null)
                {
                    rejected++;
                    continue;
                }

                accepted++;
                if (FuzzImports.Unsupported(ImportsOf(mutant)) is not null)
                {
                    continue;
                }

                ran++;
                var verdict = DifferentialRun.Compare(mutant, seed);
                cut += verdict.BudgetCut ? 1 : 0;
                if (verdict.Difference is { } difference)
                {
                    problems.Add($"seed {seed} mutant {m}: {difference}");
                }
            }
        }

        output.WriteLine($"seeds {first}..{first + count - 1}: {accepted + rejected + problems.Count} mutants, {rejected} rejected by both, {accepted} accepted by both ({ran} run and compared, {cut} of them only until a call used up its work budget), {problems.Count} problems");
        foreach (var problem in problems)
        {
            output.WriteLine(problem);
        }

        Assert.True(rejected > 0 && accepted > 0, "the mutations should give both valid and invalid modules");
        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    private static IEnumerable<(string Module, string Name)> ImportsOf(byte[] wasm) =>
        Wasm.Binary.ModuleLoader.Load(wasm).Imports.Select(i => (i.ModuleName, i.Name));

    private static string FirstLine(string text) => text.Split('\n')[0];

    private static int EnvironmentNumber(string name, int fallback) =>
        int.TryParse(Environment.GetEnvironmentVariable(name), out var value) && value > 0 ? value : fallback;
}
