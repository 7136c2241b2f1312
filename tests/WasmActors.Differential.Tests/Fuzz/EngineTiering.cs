using System.Reflection;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;

namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>
/// The engine's tiering as the differential tests use it: <see cref="AllCompiled"/> moves every function to the CIL tier
/// at its first checkpoint or call, which random modules with their short, hang-limited loops would otherwise rarely
/// reach; <see cref="CompiledBodies"/> tells whether a run used the tier at all.
/// </summary>
public static class EngineTiering
{
    /// <summary>The engine's settings with the tier threshold at 0.</summary>
    public static readonly EngineConfig AllCompiled = EngineConfig.Default with { TierThreshold = 0 };

    // The counter is internal to the engine, so it is reached by reflection.
    private static readonly PropertyInfo? CompiledBodiesProperty =
        typeof(Machine).Assembly.GetType("WasmActors.Wasm.Execution.Tiering")?.GetProperty("CompiledBodies", BindingFlags.Public | BindingFlags.Static);

    /// <summary>Bodies the CIL tier compiled so far in this process (-1 when the engine does not count them).</summary>
    public static long CompiledBodies => CompiledBodiesProperty?.GetValue(null) is long count ? count : -1;
}
