namespace WasmActors.Actors.Messages;

// What every node answers, and the replies every request may get.
//
//   GetNodeStats      → NodeStats (any node)
//   any request       → OperationFailed, when it cannot be done
//   a Progress actor  ← TransferProgress, while a long transfer a request started goes on

/// <summary>Asks any node for its counters. Reply: <see cref="NodeStats"/>.</summary>
internal sealed record GetNodeStats(long RequestId) : ICorrelatedMessage;

/// <summary>
/// Counters of one node (run or memory). A run node also reports how many forks reached their first instruction and
/// the p50/p99 of their times to it (from the fork request's arrival, over its recent forks; null before any fork).
/// </summary>
public sealed record NodeStats(
    long RequestId,
    string Node,
    string[] Roles,
    int Instances,
    int Snapshots,
    long PageFaultsServed,
    long ChunksServed,
    long BytesServed,
    long BulkBytesServed,
    long LateRepliesIgnored,
    long ForksStarted = 0,
    double? ForkFirstInstructionP50Microseconds = null,
    double? ForkFirstInstructionP99Microseconds = null) : ICorrelatedMessage
{
    /// <summary>Run node: module binaries it holds (bounded by wasmactors.run-node.module-cache).</summary>
    public int CachedModules { get; init; }

    /// <summary>Run node: memory proxies it keeps (bounded by wasmactors.run-node.memory-proxies).</summary>
    public int MemoryProxies { get; init; }

    /// <summary>Run node: instances executing guest code now (at most wasmactors.run-node.run-slots).</summary>
    public int RunningInstances { get; init; }

    /// <summary>Run node: instances waiting for a run slot.</summary>
    public int WaitingInstances { get; init; }

    /// <summary>Run node: fetches on the bulk path that failed, whose pages it then fetched over Akka.Remote.</summary>
    public long BulkFallbacks { get; init; }

    /// <summary>Memory node: bytes of the snapshots it holds and of uploads in progress.</summary>
    public long StoredBytes { get; init; }

    /// <summary>Memory node: the most it may hold (wasmactors.memory-node.max-bytes).</summary>
    public long MaxStoredBytes { get; init; }
}

/// <summary>Any request failed; <paramref name="Reason"/> says why in words a user can act on.</summary>
internal sealed record OperationFailed(long RequestId, string Operation, string Reason) : ICorrelatedMessage;

/// <summary>
/// How far a long transfer got, sent to the <c>Progress</c> actor a request names (deploy, snapshot, fork, migrate) as
/// its parts are acknowledged or fetched: <paramref name="Bytes"/> of <paramref name="TotalBytes"/> (-1: not known in
/// advance) in <paramref name="Parts"/> of <paramref name="TotalParts"/> parts (-1: not known). <paramref name="What"/>
/// says which transfer ("module upload", "snapshot upload", "restore fetch"). Only progress: the request's reply
/// still comes to its sender.
/// </summary>
public sealed record TransferProgress(long RequestId, string What, long Bytes, long TotalBytes, int Parts, int TotalParts) : ICorrelatedMessage;
