using WasmActors.Bench.Wast;
using WasmActors.Wasm;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Validation;
using Xunit.Abstractions;

namespace WasmActors.Bench.Tests.Wast;

/// <summary>The loader and validator on the modules of the spec's simd_* files, found through the wast runner's parser.</summary>
public sealed class SimdSpecModuleTests
{
    private readonly ITestOutputHelper _output;

    public SimdSpecModuleTests(ITestOutputHelper output) => _output = output;

    /// <summary>Every binary module of the simd_* spec files loads and validates; every binary invalid or malformed one is rejected.</summary>
    [Fact]
    public void SimdSpecModulesLoadAndValidateAsTheSpecSays()
    {
        var files = SpecSuiteFixture.Files.Where(f => f.Key.StartsWith("simd_", StringComparison.Ordinal)).ToList();
        if (files.Count == 0)
        {
            _output.WriteLine("skipped: no simd_* spec files found under ../shared/wasm-spec");
            return;
        }

        int accepted = 0, rejected = 0;
        var problems = new List<string>();
        foreach (var (name, path) in files)
        {
            var folder = Path.GetDirectoryName(path)!;
            foreach (var command in WastScript.Parse(File.ReadAllText(path)).Commands)
            {
                var shouldLoad = command.Type == "module";
                var shouldFail = command.Type is "assert_invalid" or "assert_malformed";
                if (!(shouldLoad || shouldFail) || command.ModuleType == "text" || command.Filename is null)
                {
                    continue;
                }

                var error = LoadAndValidate(Path.Combine(folder, command.Filename));
                if (shouldLoad && error is null)
                {
                    accepted++;
                }
                else if (shouldFail && error is WasmLoadException or WasmValidationException)
                {
                    rejected++;
                }
                else
                {
                    problems.Add($"{name}:{command.Line} {command.Type}: {error?.Message ?? "accepted"}");
                }
            }
        }

        _output.WriteLine($"{accepted} SIMD modules accepted, {rejected} rejected as expected");
        Assert.True(problems.Count == 0, string.Join('\n', problems.Take(20)));
        Assert.True(accepted > 100, $"only {accepted} SIMD modules accepted");
    }

    private static Exception? LoadAndValidate(string path)
    {
        try
        {
            ModuleValidator.Validate(ModuleLoader.Load(File.ReadAllBytes(path)));
            return null;
        }
        catch (Exception e)
        {
            return e;
        }
    }
}
