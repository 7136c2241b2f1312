namespace WasmActors.Wasm.Execution;

/// <summary>
/// When a function moves to the CIL tier: once its activations have passed <see cref="Threshold"/> checkpoints in the
/// interpreter (taken branches, and calls of it), i.e. it loops or is called often. From then on its frames run
/// compiled: the interpreter hands them over at their next checkpoint, on a call of the function and on a return into
/// it, and compiled callers call it directly. Both tiers share code positions, slots and checkpoints, so a frame can
/// move between them at any checkpoint and a paused run resumes the same in either.
/// </summary>
internal static class Tiering
{
    /// <summary>The threshold unless the environment says otherwise.</summary>
    public const int DefaultThreshold = 200;

    private static readonly AsyncLocal<int?> Scoped = new();
    private static long _compiledBodies;

    /// <summary>
    /// Checkpoints of a function before it moves to the CIL tier, if the tier can take it
    /// (<see cref="IlCompiler.CanCompile"/>); <see cref="int.MaxValue"/> never compiles, and 0 compiles every function at
    /// its first checkpoint or call (a testing mode that runs nearly everything in the CIL tier). The environment
    /// variable WASMACTORS_TIER_THRESHOLD overrides the default.
    /// </summary>
    public static int Threshold { get; } =
        int.TryParse(Environment.GetEnvironmentVariable("WASMACTORS_TIER_THRESHOLD"), out var value) && value >= 0 ? value : DefaultThreshold;

    /// <summary>The threshold machines created now use: <see cref="Threshold"/> unless a <see cref="Scope"/> says otherwise.</summary>
    public static int Current => Scoped.Value ?? Threshold;

    /// <summary>How many bodies the CIL tier has compiled in this process.</summary>
    public static long CompiledBodies => Interlocked.Read(ref _compiledBodies);

    /// <summary>Sets the threshold for the machines this flow of execution (and the threads it starts) creates.</summary>
    public static IDisposable Scope(int threshold)
    {
        var previous = Scoped.Value;
        Scoped.Value = threshold;
        return new Restorer(previous);
    }

    public static void CountCompiledBody() => Interlocked.Increment(ref _compiledBodies);

    private sealed class Restorer(int? previous) : IDisposable
    {
        public void Dispose() => Scoped.Value = previous;
    }
}
