namespace WasmActors.Wasm.Execution;

/// <summary>
/// When the interpreter hands a function to the CIL tier: after <see cref="Threshold"/> checkpoints (taken branches
/// and calls) in it. Both tiers share code positions, slots and checkpoints, so a frame can move between them at any
/// checkpoint and a paused run resumes the same in either.
/// </summary>
internal static class Tiering
{
    /// <summary>
    /// Checkpoints before compiling a function that suits the CIL tier (<see cref="IlCompiler.Suits"/>);
    /// <see cref="int.MaxValue"/> never compiles, and 0 compiles every function at its first checkpoint, suited or
    /// not (a testing mode that runs nearly everything in the CIL tier). The environment variable
    /// WASMACTORS_TIER_THRESHOLD overrides the default.
    /// </summary>
    public static int Threshold { get; set; } =
        int.TryParse(Environment.GetEnvironmentVariable("WASMACTORS_TIER_THRESHOLD"), out var value) && value >= 0 ? value : 1000;
}
