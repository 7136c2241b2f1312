namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>What comparing one module in both engines found.</summary>
public sealed record Verdict(string? Difference, int Calls, int Traps);

/// <summary>Runs one module in both engines and compares the outcomes.</summary>
public static class DifferentialRun
{
    /// <summary>
    /// The seed's module, with reference types when binaryen made a valid one (Wasmtime is the judge of validity), else
    /// without; a module Wasmtime rejects must be rejected by this engine too, which is checked on the way.
    /// </summary>
    public static (byte[] Wasm, string? Difference) Generate(int seed)
    {
        var wasm = Binaryen.GenerateModule(seed);
        var wasmtimeError = WasmtimeHarness.Validate(wasm);
        if (wasmtimeError is null)
        {
            return (wasm, null);
        }

        var ourError = OurEngineHarness.Validate(wasm);
        var difference = ourError is null ? $"our engine accepts a module Wasmtime rejects ({wasmtimeError})" : null;
        return (Binaryen.GenerateModule(seed, referenceTypes: false), difference);
    }

    public static Verdict Compare(byte[] wasm, int seed)
    {
        var wasmtime = WasmtimeHarness.Run(wasm, seed);
        ModuleOutcome ours;
        try
        {
            ours = OurEngineHarness.Run(wasm, seed);
        }
        catch (Exception e)
        {
            // Anything but a trap from our engine on a module Wasmtime ran is a bug too: report it, don't crash the run.
            return new Verdict($"our engine threw {e.GetType().Name}: {e.Message}", wasmtime.Calls.Count, 0);
        }

        return new Verdict(OutcomeComparer.FirstDifference(ours, wasmtime), ours.Calls.Count, ours.Calls.Count(c => c.Trap is not null));
    }
}
