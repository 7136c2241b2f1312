using System.Diagnostics;
using System.Runtime.CompilerServices;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Validation;
using Xunit.Abstractions;

namespace WasmActors.Wasm.Tests.Validation;

/// <summary>The committed sample programs (real clang output, far larger than spec modules) must validate.</summary>
public sealed class SampleProgramValidationTests(ITestOutputHelper output)
{
    [Fact]
    public void EverySampleProgramValidates()
    {
        var samples = Directory.GetFiles(Path.Combine(RepositoryRoot(), "samples"), "*.wasm");
        Assert.NotEmpty(samples);

        long bytes = 0;
        var modules = new List<Model.Module>();
        foreach (var path in samples)
        {
            var binary = File.ReadAllBytes(path);
            bytes += binary.Length;
            modules.Add(ModuleLoader.Load(binary));
        }

        // The first pass also pays for JIT compilation; the second shows the steady-state speed.
        var firstPass = ValidateAll(modules);
        var secondPass = ValidateAll(modules);
        output.WriteLine($"validated {samples.Length} samples ({bytes / 1024} KiB of wasm): first pass {firstPass.TotalMilliseconds:F1} ms, second pass {secondPass.TotalMilliseconds:F1} ms");
    }

    private static TimeSpan ValidateAll(List<Model.Module> modules)
    {
        var clock = Stopwatch.StartNew();
        foreach (var module in modules)
        {
            ModuleValidator.Validate(module);
        }

        return clock.Elapsed;
    }

    private static string RepositoryRoot([CallerFilePath] string sourceFile = "")
    {
        // Builds may live outside the repository (custom artifacts paths), so also try this file's location.
        foreach (var start in new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? string.Empty })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "WasmActors.sln")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException("WasmActors.sln not found above " + AppContext.BaseDirectory);
    }
}
