namespace WasmActors.Actors.Messages;

/// <summary>
/// Drops a stored snapshot from its memory node (send it to the snapshot's actor, <see cref="SnapshotRef.Actor"/>).
/// Refused with <see cref="OperationFailed"/> ("delete") while another stored snapshot is a delta of it: delete that
/// one first. With <paramref name="WithAncestors"/> the snapshot's parents go too, nearest first, as long as no
/// other stored snapshot needs them (a live migration leaves a chain of pre-copy snapshots behind its last one).
/// Instances that still fault pages from a dropped snapshot trap with "snapshot source unavailable".
/// Reply: <see cref="SnapshotsDeleted"/>.
/// </summary>
public sealed record DeleteSnapshot(long RequestId, string SnapshotId, bool WithAncestors = false) : ICorrelatedMessage;

/// <summary>The snapshots dropped (the one asked for first) and the bytes of chunks they held themselves.</summary>
public sealed record SnapshotsDeleted(long RequestId, string[] SnapshotIds, long Bytes) : ICorrelatedMessage;
