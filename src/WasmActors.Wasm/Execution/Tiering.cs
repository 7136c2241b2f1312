namespace WasmActors.Wasm.Execution;

/// <summary>
/// When the interpreter hands a frame to the CIL tier: after <see cref="Threshold"/> checkpoints (taken branches) in
/// one activation without a call or return in between, i.e. in a running loop. Short calls of a compiled function
/// stay interpreted (a switch costs more than a few iterations). Both tiers share code positions, slots and
/// checkpoints, so a frame can move between them at any checkpoint and a paused run resumes the same in either.
/// </summary>
internal static class Tiering
{
    /// <summary>
    /// Checkpoints of one activation before it moves to the CIL tier, if its function suits it
    /// (<see cref="IlCompiler.Suits"/>); <see cref="int.MaxValue"/> never compiles, and 0 compiles every function at
    /// its first checkpoint, suited or not (a testing mode that runs nearly everything in the CIL tier). The
    /// environment variable WASMACTORS_TIER_THRESHOLD overrides the default.
    /// </summary>
    public static int Threshold { get; set; } =
        int.TryParse(Environment.GetEnvironmentVariable("WASMACTORS_TIER_THRESHOLD"), out var value) && value >= 0 ? value : 200;
}
