namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>
/// What comparing one module in both engines found. <see cref="NaNPayloadOnly"/>: the runs differed, but agree once
/// NaNs are taken out of the module (binaryen's --denan), so the difference is the NaN payload nondeterminism the spec
/// allows (e.g. which input NaN <c>f64.min</c> returns), not a bug. <see cref="V128Values"/>: v128 values our engine
/// logged or returned (what shows a SIMD run compared vectors, not only scalars).
/// </summary>
public sealed record Verdict(string? Difference, int Calls, int Traps, bool NaNPayloadOnly = false)
{
    public int V128Values { get; init; }

    /// <summary>A call used up its <see cref="WorkBudget"/> in either engine, so the comparison stopped there.</summary>
    public bool BudgetCut { get; init; }
}

/// <summary>Runs one module in both engines and compares the outcomes.</summary>
public static class DifferentialRun
{
    /// <summary>
    /// The seed's module, with reference types when binaryen made a valid one (Wasmtime is the judge of validity), else
    /// without; a module Wasmtime rejects must be rejected by this engine too, which is checked on the way. With
    /// <paramref name="simd"/> the module also uses fixed-width SIMD.
    /// </summary>
    public static (byte[] Wasm, string? Difference) Generate(int seed, bool simd = false)
    {
        var wasm = Binaryen.GenerateModule(seed, simd: simd);
        var wasmtimeError = WasmtimeHarness.Validate(wasm);
        if (wasmtimeError is null)
        {
            return (wasm, null);
        }

        var ourError = OurEngineHarness.Validate(wasm);
        var difference = ourError is null ? $"our engine accepts a module Wasmtime rejects ({wasmtimeError})" : null;
        return (Binaryen.GenerateModule(seed, referenceTypes: false, simd), difference);
    }

    /// <summary>
    /// Compares the module's runs; <paramref name="config"/> is this engine's (null: the defaults), and
    /// <paramref name="compileEveryFunction"/> compiles every function to CIL before the first call.
    /// </summary>
    public static Verdict Compare(byte[] wasm, int seed, Wasm.EngineConfig? config = null, bool compileEveryFunction = false)
    {
        ModuleOutcome wasmtime;
        try
        {
            wasmtime = WasmtimeHarness.Run(wasm, seed);
        }
        catch (Exception e) when (e is Wasmtime.WasmtimeException or InvalidCastException or InvalidOperationException)
        {
            // The harness could not drive Wasmtime on this module (an argument or result it cannot box, say).
            return new Verdict($"the Wasmtime harness failed: {e.GetType().Name}: {e.Message}", 0, 0);
        }

        if (wasmtime.InstantiationTrap == TrapKind.OutOfBudget)
        {
            // The start function loops forever; this engine's instantiation has no budget, so it is not run.
            return new Verdict(null, 0, 0) { BudgetCut = true };
        }

        ModuleOutcome ours;
        try
        {
            ours = OurEngineHarness.Run(wasm, seed, config, compileEveryFunction);
        }
        catch (Exception e)
        {
            // Anything but a trap from our engine on a module Wasmtime ran is a bug too: report it, don't crash the run.
            return new Verdict($"our engine threw {e.GetType().Name}: {e.Message}", wasmtime.Calls.Count, 0);
        }

        var traps = ours.Calls.Count(c => c.Trap is not null);
        var cut = ours.Calls.Concat(wasmtime.Calls).Any(c => c.Trap == TrapKind.OutOfBudget);
        var vectors = ours.Calls.Sum(c => c.Logs.Concat(c.Results).Count(v => v.Type == Wasm.Model.ValType.V128));
        var difference = OutcomeComparer.FirstDifference(ours, wasmtime);
        if (difference is not null && AgreesWithoutNaNs(wasm, seed, config, compileEveryFunction))
        {
            return new Verdict(null, ours.Calls.Count, traps, NaNPayloadOnly: true) { V128Values = vectors, BudgetCut = cut };
        }

        return new Verdict(difference, ours.Calls.Count, traps) { V128Values = vectors, BudgetCut = cut };
    }

    private static bool AgreesWithoutNaNs(byte[] wasm, int seed, Wasm.EngineConfig? config, bool compileEveryFunction)
    {
        var denanned = Binaryen.Denan(wasm);
        return OutcomeComparer.FirstDifference(OurEngineHarness.Run(denanned, seed, config, compileEveryFunction), WasmtimeHarness.Run(denanned, seed)) is null;
    }
}
