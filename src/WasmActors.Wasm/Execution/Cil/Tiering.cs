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

    /// <summary>How many bodies the CIL tier has compiled in this process.</summary>
    public static long CompiledBodies => Interlocked.Read(ref _compiledBodies);

    public static void CountCompiledBody() => Interlocked.Increment(ref _compiledBodies);
}
