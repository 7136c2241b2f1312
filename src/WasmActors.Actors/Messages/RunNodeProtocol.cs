using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.Messages;

// The orchestrator ↔ run node protocol: what a client (OrchestratorClient) asks a run node (/user/run) and the replies.
// Every request may also be answered with OperationFailed (NodeProtocol.cs); a request naming a Progress actor gets
// TransferProgress there as it goes. Output and the end of a program go to its owner (InstanceEvents.cs).
//
//   ModuleUploadPart  → ModuleStored (after the part that completes the module)
//   DeployProgram     → Deployed
//   PauseInstance, ResumeInstance, StopInstance → InstanceStateChanged
//   FollowInstance    → Following (ClientProtocol.cs), then the instance's output and ending to the subscriber
//   TakeSnapshot      → SnapshotTaken
//   ForkFrom          → Forked (once every fork reached its first instruction)
//   MigrateTo         → Migrated
//   ListInstances     → InstanceList (running instances, and those that ended within ended-retention)

/// <summary>
/// One part of a module binary on its way to a run node, which keeps binaries by <paramref name="ModuleId"/> (the
/// hex XxHash128 of the bytes) so a module is sent once. Parts stay under Akka.Remote's frame limit. Reply after
/// the part that completes it: <see cref="ModuleStored"/> or <see cref="OperationFailed"/>. <paramref name="Progress"/>,
/// if set, is told a <see cref="TransferProgress"/> as each part is received.
/// </summary>
internal sealed record ModuleUploadPart(long RequestId, string ModuleId, int Part, int Parts, long TotalBytes, byte[] Data, Akka.Actor.IActorRef? Progress = null) : ICorrelatedMessage;

internal sealed record ModuleStored(long RequestId, string ModuleId) : ICorrelatedMessage;

/// <summary>
/// Starts a program on a run node from a module it holds (<see cref="ModuleUploadPart"/>). <paramref name="Arguments"/>
/// is its argv after argv[0] (= <paramref name="Name"/>), <paramref name="Environment"/> "NAME=value" entries. Output and
/// the ending go to <paramref name="Owner"/> as <see cref="InstanceOutput"/>, <see cref="InstanceExited"/>,
/// <see cref="InstanceTrapped"/> and <see cref="InstanceStopped"/>. <paramref name="Preopens"/> are "HOST::GUEST"
/// directories on the run node for the program (as <c>wasmactors run --dir</c>); each host directory must lie inside
/// one of the node's wasmactors.run-node.preopen-roots. <paramref name="Limits"/> bounds what the program may use (null
/// fields: the node's defaults). Reply: <see cref="Deployed"/> or <see cref="OperationFailed"/>.
/// </summary>
internal sealed record DeployProgram(long RequestId, string Name, string ModuleId, string[] Arguments, string[] Environment, Akka.Actor.IActorRef Owner, string[]? Preopens = null, ProgramLimits? Limits = null) : ICorrelatedMessage;

/// <summary>The program runs as <paramref name="InstanceId"/> on <paramref name="Node"/>.</summary>
public sealed record Deployed(long RequestId, string InstanceId, string Node) : ICorrelatedMessage;

/// <summary>Pauses an instance at its next safe point. Reply: <see cref="InstanceStateChanged"/>.</summary>
internal sealed record PauseInstance(long RequestId, string InstanceId) : ICorrelatedMessage;

/// <summary>Asks a paused instance's engine thread to continue. Reply: <see cref="InstanceStateChanged"/>.</summary>
internal sealed record ResumeInstance(long RequestId, string InstanceId) : ICorrelatedMessage;

/// <summary>Stops an instance at its next safe point (it is not resumable). Reply: <see cref="InstanceStateChanged"/>.</summary>
internal sealed record StopInstance(long RequestId, string InstanceId) : ICorrelatedMessage;

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

/// <summary>
/// Captures an instance (pausing it for the capture, then letting it continue unless <paramref name="LeavePaused"/>)
/// and stores the snapshot on a memory node. <paramref name="Progress"/>, if set, is told a <see cref="TransferProgress"/>
/// as each part of the snapshot goes to the memory node. Reply: <see cref="SnapshotTaken"/>.
/// </summary>
internal sealed record TakeSnapshot(long RequestId, string InstanceId, bool LeavePaused, Akka.Actor.IActorRef? Progress = null) : ICorrelatedMessage;

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
/// A fork request with the snapshot already located (what the orchestrator sends to a run node).
/// <paramref name="Progress"/>, if set, is told a <see cref="TransferProgress"/> as the restore fetches pieces of the
/// snapshot (a cached restore fetches nothing). <paramref name="Detach"/>: once the forks run, pull everything of the
/// snapshot still on the memory node in the background, so that they no longer depend on it (null: the run node's
/// wasmactors.run-node.detach.forks); <see cref="InstanceInfo.RemotePages"/> says when that is done.
/// </summary>
internal sealed record ForkFrom(long RequestId, SnapshotRef Snapshot, Granularity Granularity, CopyMode Mode, int Count, Akka.Actor.IActorRef? Owner, Akka.Actor.IActorRef? Progress = null, ProgramLimits? Limits = null, bool? Detach = null) : ICorrelatedMessage;

/// <summary>
/// What one fork batch cost on the run node: bytes fetched and round trips made before the first instruction
/// (the faults of the running forks come after). <paramref name="FirstInstructionMicroseconds"/> is measured on the run
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
/// A migration request with the target run node's actor resolved. <paramref name="Progress"/>, if set, is told a
/// <see cref="TransferProgress"/> as each part of the snapshot goes to the memory node.
/// </summary>
internal sealed record MigrateTo(long RequestId, string InstanceId, string TargetNode, Akka.Actor.IActorRef Target, Akka.Actor.IActorRef? Progress = null) : ICorrelatedMessage;

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

/// <summary>Asks a run node for its instances. Reply: <see cref="InstanceList"/>.</summary>
internal sealed record ListInstances(long RequestId) : ICorrelatedMessage;

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

    /// <summary>
    /// Of a running instance continued from a snapshot: the pieces (memory pages, table and segment contents) it may
    /// still fault in from the memory node holding that snapshot. 0: independent — no memory node's death can touch
    /// it. Null for a program deployed on its node (nothing of it is remote) and for an ended one.
    /// </summary>
    public long? RemotePages { get; init; }

    /// <summary>How long the background pull of a migrated program or detached fork took until nothing was remote; null until then.</summary>
    public double? IndependentAfterSeconds { get; init; }

    /// <summary>Bytes the background pull has fetched so far; null when no pull was started.</summary>
    public long? PulledBytes { get; init; }

    /// <summary>Whether nothing of the instance is on a memory node any more (see <see cref="RemotePages"/>).</summary>
    public bool Independent => RemotePages is null or 0;
}

internal sealed record InstanceList(long RequestId, string Node, InstanceInfo[] Instances) : ICorrelatedMessage;
