using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.Messages;

/// <summary>Any request failed; <paramref name="Reason"/> says why in words a user can act on.</summary>
public sealed record OperationFailed(long RequestId, string Operation, string Reason) : ICorrelatedMessage;

/// <summary>The program runs as <paramref name="InstanceId"/> on <paramref name="Node"/>.</summary>
public sealed record Deployed(long RequestId, string InstanceId, string Node) : ICorrelatedMessage;

/// <summary>The life cycle of an instance as its actor reports it.</summary>
public enum InstanceState
{
    Starting,
    Running,
    Paused,
    Exited,
    Trapped,
    Stopped,
}

/// <summary>Reply to <see cref="PauseInstance"/>, <see cref="ResumeInstance"/> and <see cref="StopInstance"/>: the state the instance reached.</summary>
public sealed record InstanceStateChanged(long RequestId, string InstanceId, InstanceState State) : ICorrelatedMessage;

/// <summary>A snapshot is stored on <paramref name="MemoryNode"/> under <paramref name="SnapshotId"/>.</summary>
public sealed record SnapshotTaken(
    long RequestId,
    string SnapshotId,
    string InstanceId,
    string MemoryNode,
    int Chunks,
    long Bytes,
    double PauseMilliseconds) : ICorrelatedMessage;

/// <summary>
/// What one fork batch cost on the run node. <paramref name="FirstInstructionMicroseconds"/> is measured on the run
/// node from the arrival of the request to the moment the last fork of the batch reached its first instruction (for
/// one fork: its time to first instruction); null when no fork got that far.
/// </summary>
public sealed record ForkCost(
    Granularity Granularity,
    CopyMode Mode,
    long BytesBeforeFirstInstruction,
    long RoundTrips,
    double RestoreMilliseconds,
    double MeanForkMicroseconds,
    double? FirstInstructionMicroseconds = null);

/// <summary><paramref name="InstanceIds"/> run on <paramref name="Node"/>, forked from <paramref name="SnapshotId"/>.</summary>
public sealed record Forked(long RequestId, string SnapshotId, string Node, string[] InstanceIds, ForkCost Cost) : ICorrelatedMessage;

/// <summary>
/// The instance now runs as <paramref name="NewInstanceId"/> on <paramref name="TargetNode"/>; the original is stopped.
/// <paramref name="DowntimeMilliseconds"/> is from the pause to the first instruction on the target;
/// <paramref name="Phases"/> says where the migration's time and bytes went.
/// </summary>
public sealed record Migrated(
    long RequestId,
    string OldInstanceId,
    string NewInstanceId,
    string TargetNode,
    string SnapshotId,
    double DowntimeMilliseconds,
    long BytesBeforeFirstInstruction,
    MigrationPhases? Phases = null) : ICorrelatedMessage;

/// <summary>
/// Where a live migration's time went (docs/adr-006-live-migration.md). The pre-copy rounds ran while the program
/// ran; the downtime is the sum of the last four phases: freezing the paused program, capturing the final delta,
/// uploading and storing it, and the target's restore to its first instruction with its reply.
/// </summary>
public sealed record MigrationPhases(
    int PreCopyRounds,
    long PreCopyBytes,
    double PreCopyMilliseconds,
    long DirtyPages,
    long FinalDeltaBytes,
    double FreezeMilliseconds,
    double CaptureMilliseconds,
    double UploadMilliseconds,
    double TargetMilliseconds,
    double TargetRestoreMilliseconds)
{
    /// <summary>
    /// Of <see cref="TargetMilliseconds"/>, the part on the target node: from the continuation request's arrival to
    /// the program's first instruction there (its restore included); the rest is the request and reply in transit.
    /// Null when the target did not measure it.
    /// </summary>
    public double? TargetStartMilliseconds { get; init; }
}

/// <summary>
/// One row of <see cref="InstanceList"/>: <paramref name="MemoryBytes"/> is the size of its linear memory now (grown
/// or not) and <paramref name="Faults"/> the pages it has faulted in so far; for an instance that has ended, their
/// last values, and how it ended.
/// </summary>
public sealed record InstanceInfo(string InstanceId, string Name, string Node, InstanceState State, long MemoryBytes, long Faults, string? ForkedFrom)
{
    /// <summary>The program's exit status, once it has exited.</summary>
    public int? ExitCode { get; init; }

    /// <summary>The trap message, once it has trapped.</summary>
    public string? Trap { get; init; }

    /// <summary>The instance that goes on with the program, once a migration has moved it.</summary>
    public string? MovedTo { get; init; }

    /// <summary>When it ended (UTC); run nodes list ended instances for wasmactors.run-node.ended-retention.</summary>
    public DateTime? EndedAt { get; init; }
}

public sealed record InstanceList(long RequestId, string Node, InstanceInfo[] Instances) : ICorrelatedMessage;

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

    /// <summary>Memory node: bytes of the snapshots it holds and of uploads in progress.</summary>
    public long StoredBytes { get; init; }

    /// <summary>Memory node: the most it may hold (wasmactors.memory-node.max-bytes).</summary>
    public long MaxStoredBytes { get; init; }
}

/// <summary>One row of <see cref="SnapshotList"/>.</summary>
public sealed record SnapshotInfo(string SnapshotId, string FromInstance, int Chunks, long Bytes, int MemoryRegions);

public sealed record SnapshotList(long RequestId, string Node, SnapshotInfo[] Snapshots) : ICorrelatedMessage;
