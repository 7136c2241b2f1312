using System.Reflection;
using WasmActors.Wasm.Execution;

namespace WasmActors.Differential.Tests.Fuzz;

/// <summary>
/// The engine's tier-up threshold (checkpoints in one activation before a frame moves from the interpreter to the
/// CIL tier). It is internal to the engine, so it is reached by reflection; 0 runs nearly everything in the CIL
/// tier, which random modules with their short, hang-limited loops would otherwise rarely reach.
/// </summary>
public static class EngineTiering
{
    private static readonly Type? Tiering = typeof(Machine).Assembly.GetType("WasmActors.Wasm.Execution.Tiering");

    private static readonly MethodInfo? Scope =
        Tiering?.GetMethod("Scope", BindingFlags.Public | BindingFlags.Static, [typeof(int)]);

    private static readonly PropertyInfo? CompiledBodiesProperty =
        Tiering?.GetProperty("CompiledBodies", BindingFlags.Public | BindingFlags.Static);

    public static bool Adjustable => Scope is not null && typeof(IDisposable).IsAssignableFrom(Scope.ReturnType);

    public const string NotAdjustableReason =
        "the engine has no WasmActors.Wasm.Execution.Tiering.Scope(int) to lower the tier threshold, so the CIL tier cannot be forced";

    /// <summary>Bodies the CIL tier compiled so far in this process (-1 when the engine does not count them).</summary>
    public static long CompiledBodies => CompiledBodiesProperty?.GetValue(null) is long count ? count : -1;

    /// <summary>Runs <paramref name="action"/> with machines created under the threshold <paramref name="threshold"/>.</summary>
    public static void With(int threshold, Action action)
    {
        if (!Adjustable)
        {
            throw new InvalidOperationException(NotAdjustableReason);
        }

        using var scope = (IDisposable)Scope!.Invoke(null, [threshold])!;
        action();
    }
}

/// <summary>A binaryen fact that also needs the engine's tier threshold to be adjustable.</summary>
public sealed class CilTierFactAttribute : FactAttribute
{
    public CilTierFactAttribute()
    {
        if (Binaryen.WasmOpt is null)
        {
            Skip = Binaryen.MissingReason;
        }
        else if (!EngineTiering.Adjustable)
        {
            Skip = EngineTiering.NotAdjustableReason;
        }
    }
}
