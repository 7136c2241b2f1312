using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// When a function moves to the CIL tier: once its activations have passed <see cref="EngineConfig.TierThreshold"/>
/// checkpoints in the interpreter (taken branches, and calls of it), i.e. it loops or is called often. From then on its
/// frames run compiled: the interpreter hands them over at their next checkpoint, on a call of the function and on a
/// return into it, and compiled callers call it directly. Both tiers share code positions, slots and checkpoints, so a
/// frame can move between them at any checkpoint and a paused run resumes the same in either.
/// </summary>
internal static class Tiering
{
    private static long _compiledBodies;
    private static long _rejectedBodies;

    /// <summary>How many bodies the CIL tier has compiled in this process.</summary>
    public static long CompiledBodies => Interlocked.Read(ref _compiledBodies);

    public static void CountCompiledBody() => Interlocked.Increment(ref _compiledBodies);

    /// <summary>
    /// How many bodies the CIL tier failed to translate, or the JIT rejected, in this process: their functions fell back
    /// to the interpreter, which a test of the tier must see as a failure rather than as a pass.
    /// </summary>
    public static long RejectedBodies => Interlocked.Read(ref _rejectedBodies);

    public static void CountRejectedBody() => Interlocked.Increment(ref _rejectedBodies);

    /// <summary>
    /// Compiles every function of <paramref name="instance"/> the tier can take, for tests that must run all code in
    /// it: a tier threshold of 0 moves a function at its first checkpoint, which straight-line code called from the
    /// host never passes. A body is kept with the function's code, so this compiles each function once.
    /// </summary>
    public static void CompileEveryFunction(ModuleInstance instance)
    {
        foreach (var function in instance.Functions.OfType<WasmFunction>())
        {
            var compiled = CompiledFunction.Of(function);
            if (compiled.Body is null && !compiled.TierDisabled && IlCompiler.CanCompile(compiled))
            {
                compiled.CompileBody();
            }
        }
    }
}
