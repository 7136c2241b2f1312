using System.Diagnostics;
using WasmActors.Snapshot.Capture;
using WasmActors.Wasm;
using WasmActors.Wasm.Validation;

namespace WasmActors.Snapshot.Tests.RandomModules;

/// <summary>
/// Random valid modules from binaryen's <c>wasm-opt -ttf</c> ("translate to fuzz"): arbitrary bytes become a module
/// that logs values through <c>fuzzing-support</c> imports and bounds its loops with a hang limit, so every export
/// terminates. The same seed gives the same module on every machine.
/// </summary>
internal static class TtfModules
{
    public const string MissingReason = "binaryen's wasm-opt is not on PATH (Debian: apt-get install binaryen; scripts/prereqs.sh installs it)";

    /// <summary>WebAssembly 2.0 without SIMD (<see cref="Simd"/> adds it).</summary>
    private static readonly string[] Features =
    [
        "--mvp-features",
        "--enable-sign-ext",
        "--enable-nontrapping-float-to-int",
        "--enable-bulk-memory",
        "--enable-multivalue",
    ];

    /// <summary>
    /// Separately: binaryen 108's reference types still have <c>anyref</c>, which WebAssembly 2.0 dropped, so a module
    /// made with them that the engine refuses is made again without them.
    /// </summary>
    private const string ReferenceTypes = "--enable-reference-types";

    private const string Simd = "--enable-simd";

    private static readonly Lazy<string?> WasmOptPath = new(() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "wasm-opt"))
            .FirstOrDefault(File.Exists));

    public static string? WasmOpt => WasmOptPath.Value;

    /// <summary>
    /// The seed's module, with reference types when the engine accepts that variant, and with fixed-width SIMD when
    /// <paramref name="simd"/>. Odd seeds are also optimised (-O2).
    /// </summary>
    public static byte[] Generate(int seed, bool simd = false)
    {
        var wasm = Run(seed, referenceTypes: true, simd);
        return Accepted(wasm) ? wasm : Run(seed, referenceTypes: false, simd);
    }

    private static bool Accepted(byte[] wasm)
    {
        try
        {
            ModuleValidator.Validate(ModuleBinaries.Load(wasm));
            return true;
        }
        catch (WasmException)
        {
            return false;
        }
    }

    private static byte[] Run(int seed, bool referenceTypes, bool simd)
    {
        var tool = WasmOpt ?? throw new InvalidOperationException(MissingReason);
        var scratch = Directory.CreateTempSubdirectory("wasmactors-fork-ttf-").FullName;
        try
        {
            var input = Path.Combine(scratch, "random.bin");
            var output = Path.Combine(scratch, "m.wasm");
            var random = new Random(seed);
            var bytes = new byte[random.Next(2_000, 12_000)];
            random.NextBytes(bytes);
            File.WriteAllBytes(input, bytes);

            var start = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            string[] optimise = seed % 2 != 0 ? ["-O2"] : [];
            string[] references = referenceTypes ? [ReferenceTypes] : [];
            string[] vectors = simd ? [Simd] : [];
            foreach (var argument in (string[])["-ttf", input, "-o", output, .. Features, .. references, .. vectors, .. optimise])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + tool);
            var stderr = process.StandardError.ReadToEndAsync();
            process.StandardOutput.ReadToEnd();
            process.WaitForExit();
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wasm-opt -ttf (seed {seed}) failed (exit {process.ExitCode}): {stderr.Result}");
            }

            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }
}

/// <summary>A fact that is skipped, with the reason printed, when binaryen is not installed.</summary>
public sealed class TtfFactAttribute : FactAttribute
{
    public TtfFactAttribute()
    {
        if (TtfModules.WasmOpt is null)
        {
            Skip = TtfModules.MissingReason;
        }
    }
}
