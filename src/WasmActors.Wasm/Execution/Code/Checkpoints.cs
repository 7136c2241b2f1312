namespace WasmActors.Wasm.Execution;

/// <summary>
/// Where a run can stop: calls, and branches taken backwards — every loop iteration takes one, so fuel still bounds any
/// run. Each consumes one unit of fuel and polls the pause flag, in both tiers alike, so a pause at a given budget
/// leaves the same frames whichever tier ran. Branches forwards (out of a block, over an else) pass no checkpoint:
/// they cannot repeat without a loop or a call.
/// </summary>
internal static class Checkpoints
{
    /// <summary>True when the branch at <paramref name="pc"/> to <paramref name="target"/> goes back (or to itself).</summary>
    public static bool IsLoopBack(int pc, int target) => target <= pc;
}
