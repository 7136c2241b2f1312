namespace WasmActors.Actors.Messages;

// The orchestrator ↔ memory node protocol: finding, listing and deleting stored snapshots. Every request may also be
// answered with OperationFailed (NodeProtocol.cs).
//
//   LocateSnapshot   → SnapshotLocated (to the memory node's /user/snapshots)
//   ListSnapshots    → SnapshotList    (to the memory node's /user/snapshots)
//   ListHeldSnapshots → HeldSnapshots… (from a run node, to the memory node's /user/snapshots; in pages)
//   DeleteSnapshot   → SnapshotsDeleted (to the snapshot's own actor, SnapshotRef.Actor)

/// <summary>Where a memory node serves page bodies outside Akka.Remote (docs/page-protocol.md).</summary>
public sealed record BulkEndpoint(string Transport, string Host, int Port, byte[] CertificateDer);

/// <summary>How to reach a stored snapshot: its actor on the memory node, and the memory node's bulk endpoint if any.</summary>
public sealed record SnapshotRef(string SnapshotId, string MemoryNode, Akka.Actor.IActorRef Actor, BulkEndpoint? Bulk);

/// <summary>
/// Published by a memory node on <see cref="Topic"/> (Akka's distributed publish-subscribe) once it holds a new
/// snapshot: run nodes prefetch its code.
/// </summary>
internal sealed record SnapshotAnnounced(SnapshotRef Snapshot) : IWasmActorsMessage
{
    public const string Topic = "wasmactors-snapshots";
}

/// <summary>Finds a stored snapshot by id. Reply: <see cref="SnapshotLocated"/> or <see cref="OperationFailed"/>.</summary>
internal sealed record LocateSnapshot(long RequestId, string SnapshotId) : ICorrelatedMessage;

internal sealed record SnapshotLocated(long RequestId, SnapshotRef Snapshot) : ICorrelatedMessage;

/// <summary>Asks a memory node for its snapshots. Reply: <see cref="SnapshotList"/>.</summary>
internal sealed record ListSnapshots(long RequestId) : ICorrelatedMessage;

/// <summary>One row of <see cref="SnapshotList"/>.</summary>
public sealed record SnapshotInfo(string SnapshotId, string FromInstance, int Chunks, long Bytes, int MemoryRegions)
{
    /// <summary>The snapshot this one is a delta of (its lineage), or null for a whole snapshot.</summary>
    public string? ParentId { get; init; }
}

internal sealed record SnapshotList(long RequestId, string Node, SnapshotInfo[] Snapshots) : ICorrelatedMessage;

/// <summary>
/// Asked by a run node of each memory node it sees come up, to prefetch the code of snapshots stored before it
/// heard of them (they were announced before). Reply: one or more <see cref="HeldSnapshots"/> pages.
/// </summary>
internal sealed record ListHeldSnapshots(long RequestId) : ICorrelatedMessage;

/// <summary>
/// One page of a memory node's answer to <see cref="ListHeldSnapshots"/>: first the latest snapshot of each lineage
/// it holds (the deltas of a lineage share its code), then, with <paramref name="Inner"/>, the snapshots later ones
/// are deltas of (a first fork of one still needs its records). At most <see cref="MaxPerMessage"/> each, so a
/// node holding thousands stays within akka.remote's maximum frame size.
/// </summary>
internal sealed record HeldSnapshots(long RequestId, SnapshotRef[] Snapshots, bool Inner) : ICorrelatedMessage
{
    /// <summary>
    /// A reference serialised is its ids, actor path and bulk endpoint, whose certificate alone may take 2 KB: 32 of
    /// them stay well inside a 128 KB frame (a test checks).
    /// </summary>
    public const int MaxPerMessage = 32;

    public static IEnumerable<HeldSnapshots> Pages(long requestId, IReadOnlyList<SnapshotRef> leaves, IReadOnlyList<SnapshotRef> inner) =>
        leaves.Chunk(MaxPerMessage).Select(page => new HeldSnapshots(requestId, page, Inner: false))
            .Concat(inner.Chunk(MaxPerMessage).Select(page => new HeldSnapshots(requestId, page, Inner: true)));
}

/// <summary>
/// Drops a stored snapshot from its memory node (send it to the snapshot's actor, <see cref="SnapshotRef.Actor"/>).
/// Refused with <see cref="OperationFailed"/> ("delete") while another stored snapshot is a delta of it: delete that
/// one first. With <paramref name="WithAncestors"/> the snapshot's parents go too, nearest first, as long as no
/// other stored snapshot needs them (a live migration leaves a chain of pre-copy snapshots behind its last one).
/// The memory node that takes the request drops the same snapshots from every other holder (the holder map,
/// docs/adr-022-snapshot-replication.md). Instances that still fault pages from a dropped snapshot trap with
/// "snapshot source unavailable". Reply: <see cref="SnapshotsDeleted"/>.
/// </summary>
internal sealed record DeleteSnapshot(long RequestId, string SnapshotId, bool WithAncestors = false) : ICorrelatedMessage
{
    /// <summary>Sent by the holder that took the request to another holder: drop it here only.</summary>
    public bool Replica { get; init; }
}

/// <summary>The snapshots dropped (the one asked for first) and the bytes of chunks they held themselves.</summary>
public sealed record SnapshotsDeleted(long RequestId, string[] SnapshotIds, long Bytes) : ICorrelatedMessage;
