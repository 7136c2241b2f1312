using WasmActors.Bench.Wast;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;

namespace WasmActors.Bench.Tests.Wast;

/// <summary>
/// The spec suite with every function compiled to CIL before it is invoked (the default tiering leaves most spec
/// functions interpreted: they are straight-line code called from the host, which passes no checkpoint).
/// </summary>
public sealed class CompiledTierSpecTests
{
    [Fact]
    public void TheSpecSuitePassesInTheCompiledTier() =>
        RunCompiled(SpecSuiteFixture.Files.Where(f => !IsSimd(f.Key)).ToList(), minimumPassed: 20_000, minimumBodies: 2_000, compileEveryFunction: true);

    /// <summary>
    /// The SIMD files (about as many commands as the rest) with every function compiled before it is invoked, so no
    /// instruction runs in the interpreter.
    /// </summary>
    [Fact]
    public void TheSimdSpecFilesPassWithEveryFunctionCompiled() =>
        RunCompiled(SpecSuiteFixture.Files.Where(f => IsSimd(f.Key)).ToList(), minimumPassed: 20_000, minimumBodies: 1_000, compileEveryFunction: true);

    private static bool IsSimd(string name) => name.StartsWith("simd", StringComparison.Ordinal);

    private static void RunCompiled(List<KeyValuePair<string, string>> files, int minimumPassed, int minimumBodies, bool compileEveryFunction = false)
    {
        if (files.Count == 0)
        {
            Console.WriteLine("skipped: the spec suite was not found at ../shared/wasm-spec");
            return;
        }

        var compiledBefore = Tiering.CompiledBodies;
        var rejectedBefore = Tiering.RejectedBodies;
        var failures = new List<string>();
        var passed = 0;
        var options = new WastRunOptions { FileTimeLimit = TimeSpan.FromMinutes(2), Config = EngineConfig.Default with { TierThreshold = 0 }, CompileEveryFunction = compileEveryFunction };
        foreach (var (name, path) in files)
        {
            var result = WastSuite.RunFile(path, options);
            passed += result.Passed;
            failures.AddRange(result.Failures.Take(3).Select(f => $"{name}: {f}"));
        }

        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(passed > minimumPassed, $"only {passed} commands passed");
        Assert.True(Tiering.CompiledBodies - compiledBefore > minimumBodies, $"the compiled tier was hardly used: {Tiering.CompiledBodies - compiledBefore} bodies");
        Assert.Equal(0, Tiering.RejectedBodies - rejectedBefore); // a rejected body would have passed in the interpreter
    }
}
