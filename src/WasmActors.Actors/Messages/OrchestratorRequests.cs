namespace WasmActors.Actors.Messages;

/// <summary>
/// One part of a module binary on its way to a run node, which keeps binaries by <paramref name="ModuleId"/> (the
/// hex XxHash128 of the bytes) so a module is sent once. Parts stay under Akka.Remote's frame limit. Reply after
/// the part that completes it: <see cref="ModuleStored"/> or <see cref="OperationFailed"/>.
/// </summary>
/// <paramref name="Progress"/>, if set, is told a <see cref="TransferProgress"/> as each part is received.
public sealed record ModuleUploadPart(long RequestId, string ModuleId, int Part, int Parts, long TotalBytes, byte[] Data, Akka.Actor.IActorRef? Progress = null) : ICorrelatedMessage;

public sealed record ModuleStored(long RequestId, string ModuleId) : ICorrelatedMessage;

/// <summary>
/// Starts a program on a run node from a module it holds (<see cref="ModuleUploadPart"/>). <paramref name="Arguments"/>
/// is its argv after argv[0] (= <paramref name="Name"/>), <paramref name="Environment"/> "NAME=value" entries. Output and
/// the ending go to <paramref name="Owner"/> as <see cref="InstanceOutput"/>, <see cref="InstanceExited"/>,
/// <see cref="InstanceTrapped"/> and <see cref="InstanceStopped"/>. <paramref name="Preopens"/> are "HOST::GUEST"
/// directories on the run node for the program (as <c>wasmactors run --dir</c>); each host directory must lie inside
/// one of the node's wasmactors.run-node.preopen-roots. <paramref name="Limits"/> bounds what the program may use (null
/// fields: the node's defaults). Reply: <see cref="Deployed"/> or <see cref="OperationFailed"/>.
/// </summary>
public sealed record DeployProgram(long RequestId, string Name, string ModuleId, string[] Arguments, string[] Environment, Akka.Actor.IActorRef Owner, string[]? Preopens = null, ProgramLimits? Limits = null) : ICorrelatedMessage;

/// <summary>Asks a paused instance's engine thread to continue. Reply: <see cref="InstanceStateChanged"/>.</summary>
public sealed record ResumeInstance(long RequestId, string InstanceId) : ICorrelatedMessage;

/// <summary>Stops an instance at its next safe point (it is not resumable). Reply: <see cref="InstanceStateChanged"/>.</summary>
public sealed record StopInstance(long RequestId, string InstanceId) : ICorrelatedMessage;

/// <summary>Pauses an instance at its next safe point. Reply: <see cref="InstanceStateChanged"/>.</summary>
public sealed record PauseInstance(long RequestId, string InstanceId) : ICorrelatedMessage;

/// <summary>
/// Captures an instance (pausing it for the capture, then letting it continue unless <paramref name="LeavePaused"/>)
/// and stores the snapshot on a memory node. <paramref name="Progress"/>, if set, is told a <see cref="TransferProgress"/>
/// as each part of the snapshot goes to the memory node. Reply: <see cref="SnapshotTaken"/>.
/// </summary>
public sealed record TakeSnapshot(long RequestId, string InstanceId, bool LeavePaused, Akka.Actor.IActorRef? Progress = null) : ICorrelatedMessage;

/// <summary>Asks a run node for its instances. Reply: <see cref="InstanceList"/>.</summary>
public sealed record ListInstances(long RequestId) : ICorrelatedMessage;

/// <summary>Asks any node for its counters. Reply: <see cref="NodeStats"/>.</summary>
public sealed record GetNodeStats(long RequestId) : ICorrelatedMessage;

/// <summary>Asks a memory node for its snapshots. Reply: <see cref="SnapshotList"/>.</summary>
public sealed record ListSnapshots(long RequestId) : ICorrelatedMessage;
