using WasmActors.Wasm;

namespace WasmActors.Bench.Wast;

/// <summary>The engine's stages, as the runner calls them.</summary>
internal enum EngineStage
{
    Load,
    Validate,
    Instantiate,
    Invoke,
}

/// <summary>
/// The engine threw something other than a <see cref="WasmException"/> (NotImplementedException, IndexOutOfRange...):
/// an engine bug, which fails the command instead of ending the run.
/// </summary>
internal sealed class EngineFaultException : Exception
{
    public EngineFaultException(EngineStage stage, Exception inner)
        : base($"{stage.ToString().ToLowerInvariant()} threw {inner.GetType().Name}: {inner.Message}{Site(inner)}", inner)
    {
        Stage = stage;
    }

    public EngineStage Stage { get; }

    /// <summary>The grouping key for the failure summary, e.g. "load: NotImplementedException".</summary>
    public string Cause => $"{Stage.ToString().ToLowerInvariant()}: {InnerException!.GetType().Name}";

    private static string Site(Exception e) =>
        e.TargetSite is { DeclaringType: { } type } method ? $" (in {type.Name}.{method.Name})" : string.Empty;
}

/// <summary>Calls into the engine, turning anything but its typed errors into <see cref="EngineFaultException"/>.</summary>
internal static class EngineCalls
{
    public static T Call<T>(EngineStage stage, Func<T> call)
    {
        try
        {
            return call();
        }
        catch (WasmException)
        {
            throw;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            throw new EngineFaultException(stage, e);
        }
    }

    public static void Call(EngineStage stage, Action call) =>
        Call(stage, () =>
        {
            call();
            return true;
        });

    /// <summary>How an exception reads in a failure line: the spec's category and the engine's message.</summary>
    public static string Describe(Exception e) => e switch
    {
        WasmLoadException load => $"malformed: {load.Message}",
        WasmValidationException invalid => $"invalid: {invalid.Message}",
        WasmLinkException link => $"unlinkable: {link.Reason}",
        WasmTrapException trap => $"trap: {trap.Reason}",
        EngineFaultException fault => fault.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };
}
