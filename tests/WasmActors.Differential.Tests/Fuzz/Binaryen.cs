using System.Diagnostics;

namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>
/// binaryen's <c>wasm-opt -ttf</c> ("translate to fuzz"): turns arbitrary bytes into a valid module that logs values
/// through <c>fuzzing-support</c> imports and bounds its loops with a hang limit, so every export terminates.
/// </summary>
public static class Binaryen
{
    /// <summary>
    /// WebAssembly 2.0 without SIMD (<see cref="SimdFlag"/> adds it, for some tests): the features this engine
    /// implements. Later proposals (GC, exceptions, tail calls, memory64, threads, relaxed SIMD...) stay off.
    /// </summary>
    public static readonly string[] FeatureFlags =
    [
        "--mvp-features",
        "--enable-sign-ext",
        "--enable-nontrapping-float-to-int",
        "--enable-bulk-memory",
        "--enable-multivalue",
    ];

    /// <summary>
    /// Reference types, separately: binaryen 108's version of the proposal still has <c>anyref</c>, which
    /// WebAssembly 2.0 dropped, so some modules made with it are invalid and are generated again without it.
    /// </summary>
    public const string ReferenceTypesFlag = "--enable-reference-types";

    /// <summary>Fixed-width SIMD: v128 values, locals, globals, parameters and results, and the <c>log-v128</c> import.</summary>
    public const string SimdFlag = "--enable-simd";

    private static readonly Lazy<string?> WasmOptPath = new(FindWasmOpt);

    /// <summary>The wasm-opt executable, or null when binaryen is not installed.</summary>
    public static string? WasmOpt => WasmOptPath.Value;

    public const string MissingReason = "binaryen's wasm-opt is not on PATH (Debian: apt-get install binaryen; scripts/prereqs.sh installs it)";

    /// <summary>The random input for <paramref name="seed"/>: the same bytes on every machine (System.Random with a seed is stable).</summary>
    public static byte[] RandomInput(int seed)
    {
        var random = new Random(seed);
        var bytes = new byte[random.Next(2_000, 12_000)];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>
    /// Runs <c>wasm-opt -ttf</c> on the seed's bytes and returns the module. Odd seeds are also optimised (-O2), which
    /// gives code of other shapes (folded constants, selects, br_tables, merged blocks) than the raw generator's.
    /// With <paramref name="simd"/> the module also uses fixed-width SIMD.
    /// </summary>
    public static byte[] GenerateModule(int seed, bool referenceTypes = true, bool simd = false)
    {
        var scratch = Directory.CreateTempSubdirectory("wasmactors-ttf-").FullName;
        try
        {
            var input = Path.Combine(scratch, "random.bin");
            var output = Path.Combine(scratch, "m.wasm");
            File.WriteAllBytes(input, RandomInput(seed));
            string[] optimise = seed % 2 != 0 ? ["-O2"] : [];
            string[] references = referenceTypes ? [ReferenceTypesFlag] : [];
            string[] vectors = simd ? [SimdFlag] : [];
            RunWasmOpt(["-ttf", input, "-o", output, .. FeatureFlags, .. references, .. vectors, .. optimise], $"-ttf (seed {seed})");
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    /// <summary>
    /// The module instrumented by binaryen's <c>--denan</c> pass: every float that would be a NaN becomes 0 at run time,
    /// which removes the one nondeterminism WebAssembly allows (the payload of NaNs that arithmetic produces). binaryen
    /// 108's pass leaves v128 values alone, so a SIMD module keeps its vector NaNs (the comparer's lane rule covers
    /// those in results and logs).
    /// </summary>
    public static byte[] Denan(byte[] wasm)
    {
        var scratch = Directory.CreateTempSubdirectory("wasmactors-denan-").FullName;
        try
        {
            var input = Path.Combine(scratch, "in.wasm");
            var output = Path.Combine(scratch, "out.wasm");
            File.WriteAllBytes(input, wasm);
            RunWasmOpt([input, "--denan", "-o", output, .. FeatureFlags, ReferenceTypesFlag, SimdFlag], "--denan");
            return File.ReadAllBytes(output);
        }
        finally
        {
            Directory.Delete(scratch, recursive: true);
        }
    }

    private static void RunWasmOpt(string[] arguments, string what)
    {
        var tool = WasmOpt ?? throw new InvalidOperationException(MissingReason);
        var start = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("could not start " + tool);
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"wasm-opt {what} failed (exit {process.ExitCode}): {stderr.Result}");
        }
    }

    private static string? FindWasmOpt()
    {
        var path = Environment.GetEnvironmentVariable("PATH") ?? "";
        return path.Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(dir => Path.Combine(dir, "wasm-opt"))
            .FirstOrDefault(File.Exists);
    }
}
