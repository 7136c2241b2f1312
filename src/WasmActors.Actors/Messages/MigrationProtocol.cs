namespace WasmActors.Actors.Messages;

// The migration protocol between run nodes: the source instance's capture (RunNode/CaptureActor) asks the target run
// node to restore ahead and then to continue the program (docs/adr-006-live-migration.md).
//
//   PrepareContinue → ContinuePrepared | OperationFailed (the migration then goes on without it)
//   ContinueFrom    → Forked (one instance) | OperationFailed

/// <summary>
/// Run node to run node while a migration pre-copies and the program still runs on the source: restore
/// <paramref name="Base"/> (the first pre-copy snapshot) now, so that the final <see cref="ContinueFrom"/> — a small
/// delta of it — fetches only what changed, off the program's downtime. Reply: <see cref="ContinuePrepared"/>, or
/// <see cref="OperationFailed"/> (the migration then goes on without it).
/// </summary>
internal sealed record PrepareContinue(long RequestId, SnapshotRef Base) : ICorrelatedMessage;

/// <summary>The target holds a restore of <paramref name="SnapshotId"/> for the coming <see cref="ContinueFrom"/>.</summary>
internal sealed record ContinuePrepared(long RequestId, string SnapshotId, double RestoreMilliseconds) : ICorrelatedMessage;

/// <summary>
/// Run node to run node during a migration: restore <paramref name="Snapshot"/> and continue the program there,
/// keeping its name, owner and output sequence. <paramref name="BaseSnapshotId"/> names the snapshot a
/// <see cref="PrepareContinue"/> had the target restore already: chunks it holds are not fetched again.
/// <paramref name="Records"/>, when small enough to ride along, is the snapshot's manifest followed by its own chunks
/// except memory pages (<see cref="BlobParts.JoinChunks"/>): the target then reads them without asking the memory
/// node (every chunk is still checked against its id). Reply: <see cref="Forked"/> with one instance, or
/// <see cref="OperationFailed"/>.
/// </summary>
internal sealed record ContinueFrom(long RequestId, SnapshotRef Snapshot, string Name, Akka.Actor.IActorRef Owner, string MovedFrom, string? BaseSnapshotId = null, byte[]? Records = null, ProgramLimits? Limits = null) : ICorrelatedMessage;
