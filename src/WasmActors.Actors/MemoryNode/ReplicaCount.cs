namespace WasmActors.Actors.MemoryNode;

/// <summary>
/// How many memory nodes should hold each snapshot (wasmactors.memory-node.replicas): the configured number, or
/// for "auto" two, but never more than the memory nodes that are up. Fewer than wanted is worth a warning.
/// </summary>
internal sealed class ReplicaCount(int? configured)
{
    private const int AutoReplicas = 2;

    private int? _warned;

    /// <summary>What each snapshot should be held by with <paramref name="memoryNodesUp"/> memory nodes up (this one included).</summary>
    public int Target(int memoryNodesUp) => Math.Max(1, Math.Min(Wanted, memoryNodesUp));

    private int Wanted => configured ?? AutoReplicas;

    /// <summary>The warning to log when the target falls short of what is wanted, once per change; otherwise null.</summary>
    public string? Shortfall(int memoryNodesUp)
    {
        var target = Target(memoryNodesUp);
        if (target >= Wanted)
        {
            _warned = null;
            return null;
        }

        if (_warned == target)
        {
            return null;
        }

        _warned = target;
        return $"only {memoryNodesUp} memory node(s) up: snapshots are held by {target} of the {Wanted} wasmactors.memory-node.replicas ({(configured is null ? "auto" : configured)}) and are lost if {(target == 1 ? "this node" : "those nodes")} dies";
    }
}
