using WasmActors.Wasm;
using WasmActors.Wasm.Execution;

namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>
/// The engine's tiering as the differential tests use it: <see cref="AllCompiled"/> moves every function to the CIL tier
/// at its first checkpoint or call, which random modules with their short, hang-limited loops would otherwise rarely
/// reach; <see cref="CountDuring"/> tells whether a run used the tier at all, and whether any body fell back.
/// </summary>
public static class EngineTiering
{
    /// <summary>The engine's settings with the tier threshold at 0.</summary>
    public static readonly EngineConfig AllCompiled = EngineConfig.Default with { TierThreshold = 0 };

    /// <summary>
    /// Runs <paramref name="run"/> and returns the bodies the CIL tier compiled meanwhile, and those it rejected (they
    /// ran in the interpreter). Process-wide counters: tests running beside it may add to them, never take away.
    /// </summary>
    public static (long Compiled, long Rejected) CountDuring(Action run)
    {
        var (compiled, rejected) = (Tiering.CompiledBodies, Tiering.RejectedBodies);
        run();
        return (Tiering.CompiledBodies - compiled, Tiering.RejectedBodies - rejected);
    }
}
