namespace WasmActors.Actors.Messages;

/// <summary>
/// Starts a program on a run node. <paramref name="Wasm"/> is the module binary (a WASI command), <paramref name="Arguments"/>
/// its argv after argv[0], <paramref name="Environment"/> "NAME=value" entries. Output and the exit status go to
/// <paramref name="Owner"/> (or the sender when null) as <see cref="InstanceOutput"/>, <see cref="InstanceExited"/> and
/// <see cref="InstanceTrapped"/>. Reply: <see cref="Deployed"/> or <see cref="OperationFailed"/>.
/// </summary>
public sealed record DeployProgram(long RequestId, string Name, byte[] Wasm, string[] Arguments, string[] Environment, Akka.Actor.IActorRef? Owner) : ICorrelatedMessage;

/// <summary>Asks a paused instance's engine thread to continue. Reply: <see cref="InstanceStateChanged"/>.</summary>
public sealed record ResumeInstance(long RequestId, string InstanceId) : ICorrelatedMessage;

/// <summary>Stops an instance at its next safe point (it is not resumable). Reply: <see cref="InstanceStateChanged"/>.</summary>
public sealed record StopInstance(long RequestId, string InstanceId) : ICorrelatedMessage;

/// <summary>Pauses an instance at its next safe point. Reply: <see cref="InstanceStateChanged"/>.</summary>
public sealed record PauseInstance(long RequestId, string InstanceId) : ICorrelatedMessage;

/// <summary>
/// Captures an instance (pausing it for the capture, then letting it continue unless <paramref name="LeavePaused"/>)
/// and stores the snapshot on a memory node. Reply: <see cref="SnapshotTaken"/>.
/// </summary>
public sealed record TakeSnapshot(long RequestId, string InstanceId, bool LeavePaused) : ICorrelatedMessage;

/// <summary>Asks a run node for its instances. Reply: <see cref="InstanceList"/>.</summary>
public sealed record ListInstances(long RequestId) : ICorrelatedMessage;

/// <summary>Asks any node for its counters. Reply: <see cref="NodeStats"/>.</summary>
public sealed record GetNodeStats(long RequestId) : ICorrelatedMessage;

/// <summary>Asks a memory node for its snapshots. Reply: <see cref="SnapshotList"/>.</summary>
public sealed record ListSnapshots(long RequestId) : ICorrelatedMessage;
