using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.Messages;

/// <summary>Where a memory node serves page bodies outside Akka.Remote (docs/page-protocol.md).</summary>
public sealed record BulkEndpoint(string Transport, string Host, int Port, byte[] CertificateDer);

/// <summary>How to reach a stored snapshot: its actor on the memory node, and the memory node's bulk endpoint if any.</summary>
public sealed record SnapshotRef(string SnapshotId, string MemoryNode, Akka.Actor.IActorRef Actor, BulkEndpoint? Bulk);

/// <summary>
/// One part of a snapshot file (<see cref="WasmActors.Snapshot.Format.SnapshotFile"/>) on its way to a memory
/// node. Parts stay under Akka.Remote's frame limit; the memory node reassembles and verifies the whole.
/// Reply after the last part: <see cref="SnapshotStored"/> or <see cref="OperationFailed"/>.
/// </summary>
public sealed record SnapshotUploadPart(long RequestId, string SnapshotId, string FromInstance, int Part, int Parts, long TotalBytes, byte[] Data) : ICorrelatedMessage;

/// <summary>The memory node holds the snapshot and serves it through <paramref name="Snapshot"/>.</summary>
public sealed record SnapshotStored(long RequestId, SnapshotRef Snapshot, int Chunks, long Bytes) : ICorrelatedMessage;

/// <summary>Finds a stored snapshot by id. Reply: <see cref="SnapshotLocated"/> or <see cref="OperationFailed"/>.</summary>
public sealed record LocateSnapshot(long RequestId, string SnapshotId) : ICorrelatedMessage;

public sealed record SnapshotLocated(long RequestId, SnapshotRef Snapshot) : ICorrelatedMessage;

/// <summary>What a fetch asks a snapshot actor for (the three calls of the snapshot library's source).</summary>
public enum SnapshotDataKind
{
    Manifest,
    Chunks,
    Whole,

    /// <summary>The snapshot's memory regions: which page holds which chunk (for the bulk path).</summary>
    Layout,
}

/// <summary>
/// A run node's request for pieces of a snapshot. <paramref name="ChunkIds"/> holds 16-byte chunk ids back to
/// back (for <see cref="SnapshotDataKind.Chunks"/>). Sent to the snapshot actor, which forwards page requests to
/// the region actor that owns them when <paramref name="Region"/> is set. Reply: one or more
/// <see cref="SnapshotDataPart"/>s, or <see cref="SnapshotDataFailed"/>.
/// </summary>
public sealed record FetchSnapshotData(long RequestId, string SnapshotId, SnapshotDataKind Kind, byte[] ChunkIds, int Region) : ICorrelatedMessage;

/// <summary>
/// One part of a fetch reply. The reply as a whole is a blob of <paramref name="TotalBytes"/> split into
/// <paramref name="Parts"/> parts in order, each under the frame limit. For chunk fetches the blob is each chunk as a
/// 4-byte little-endian length followed by its bytes, in the requested order.
/// </summary>
public sealed record SnapshotDataPart(long RequestId, int Part, int Parts, long TotalBytes, byte[] Data) : ICorrelatedMessage;

public sealed record SnapshotDataFailed(long RequestId, string Reason) : ICorrelatedMessage;

/// <summary>
/// Run node to run node during a migration: restore <paramref name="Snapshot"/> and continue the program there,
/// keeping its name, owner and output sequence. <paramref name="BaseSnapshotId"/> names the snapshot a
/// <see cref="PrepareContinue"/> had the target restore already: chunks it holds are not fetched again.
/// <paramref name="Records"/>, when small enough to ride along, is the snapshot's manifest followed by its own chunks
/// except memory pages (<see cref="BlobParts.JoinChunks"/>): the target then reads them without asking the memory
/// node (every chunk is still checked against its id). Reply: <see cref="Forked"/> with one instance, or
/// <see cref="OperationFailed"/>.
/// </summary>
public sealed record ContinueFrom(long RequestId, SnapshotRef Snapshot, string Name, Akka.Actor.IActorRef Owner, string MovedFrom, string? BaseSnapshotId = null, byte[]? Records = null, ProgramLimits? Limits = null) : ICorrelatedMessage;

/// <summary>
/// Run node to run node while a migration pre-copies and the program still runs on the source: restore
/// <paramref name="Base"/> (the first pre-copy snapshot) now, so that the final <see cref="ContinueFrom"/> — a small
/// delta of it — fetches only what changed, off the program's downtime. Reply: <see cref="ContinuePrepared"/>, or
/// <see cref="OperationFailed"/> (the migration then goes on without it).
/// </summary>
public sealed record PrepareContinue(long RequestId, SnapshotRef Base) : ICorrelatedMessage;

/// <summary>The target holds a restore of <paramref name="SnapshotId"/> for the coming <see cref="ContinueFrom"/>.</summary>
public sealed record ContinuePrepared(long RequestId, string SnapshotId, double RestoreMilliseconds) : ICorrelatedMessage;

/// <summary>
/// A fork request with the snapshot already located (what the orchestrator sends to a run node).
/// <paramref name="Progress"/>, if set, is told a <see cref="TransferProgress"/> as the restore fetches pieces of the
/// snapshot (a cached restore fetches nothing).
/// </summary>
public sealed record ForkFrom(long RequestId, SnapshotRef Snapshot, Granularity Granularity, CopyMode Mode, int Count, Akka.Actor.IActorRef? Owner, Akka.Actor.IActorRef? Progress = null, ProgramLimits? Limits = null) : ICorrelatedMessage;

/// <summary>
/// A migration request with the target run node's actor resolved. <paramref name="Progress"/>, if set, is told a
/// <see cref="TransferProgress"/> as each part of the snapshot goes to the memory node.
/// </summary>
public sealed record MigrateTo(long RequestId, string InstanceId, string TargetNode, Akka.Actor.IActorRef Target, Akka.Actor.IActorRef? Progress = null) : ICorrelatedMessage;
