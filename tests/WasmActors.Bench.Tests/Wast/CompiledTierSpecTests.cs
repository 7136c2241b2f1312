using WasmActors.Bench.Wast;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;

namespace WasmActors.Bench.Tests.Wast;

/// <summary>The spec suite with every function compiled to CIL at its first checkpoint (the default leaves most spec functions interpreted).</summary>
public sealed class CompiledTierSpecTests
{
    [Fact]
    public void TheSpecSuitePassesInTheCompiledTier()
    {
        var files = SpecSuiteFixture.Files.Where(f => !f.Key.StartsWith("simd", StringComparison.Ordinal)).ToList();
        if (files.Count == 0)
        {
            Console.WriteLine("skipped: the spec suite was not found at ../shared/wasm-spec");
            return;
        }

        var compiledBefore = Tiering.CompiledBodies;
        var failures = new List<string>();
        var passed = 0;
        var options = new WastRunOptions { FileTimeLimit = TimeSpan.FromMinutes(2), Config = EngineConfig.Default with { TierThreshold = 0 } };
        foreach (var (name, path) in files)
        {
            var result = WastSuite.RunFile(path, options);
            passed += result.Passed;
            failures.AddRange(result.Failures.Take(3).Select(f => $"{name}: {f}"));
        }

        Assert.Empty(failures);
        Assert.True(passed > 20_000, $"only {passed} commands passed");
        Assert.True(Tiering.CompiledBodies - compiledBefore > 500, $"the compiled tier was hardly used: {Tiering.CompiledBodies - compiledBefore} bodies");
    }
}
