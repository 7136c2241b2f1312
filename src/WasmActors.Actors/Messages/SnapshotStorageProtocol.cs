namespace WasmActors.Actors.Messages;

// The run node ↔ memory node protocol: an instance's captures go up in parts, a restore's pieces come down (page
// bodies also over the bulk path, docs/page-protocol.md).
//
//   SnapshotUploadPart → SnapshotStored | SnapshotParentMissing | OperationFailed (after the last part)
//   FetchSnapshotData  → SnapshotDataPart… (every part of the reply) | SnapshotDataFailed
//
// Between memory nodes, a copy of a snapshot (docs/adr-022-snapshot-replication.md) goes as an offer whose bytes the
// peer fetches over the bulk path, or as SnapshotUploadParts marked Replica:
//
//   SnapshotReplicaOffer → SnapshotStored | SnapshotParentMissing | OperationFailed | SnapshotReplicaOfferDeclined

/// <summary>
/// One part of a snapshot file (<see cref="WasmActors.Snapshot.Format.SnapshotFile"/>) on its way to a memory
/// node. Parts stay under Akka.Remote's frame limit; the memory node reassembles and verifies the whole.
/// Reply after the last part: <see cref="SnapshotStored"/> or <see cref="OperationFailed"/>.
/// </summary>
internal sealed record SnapshotUploadPart(long RequestId, string SnapshotId, string FromInstance, int Part, int Parts, long TotalBytes, byte[] Data) : ICorrelatedMessage
{
    /// <summary>
    /// A copy sent by the memory node that took the upload (docs/adr-022-snapshot-replication.md): stored and
    /// acknowledged like an upload, but not replicated further. A copy of a snapshot already held is acknowledged at once.
    /// </summary>
    public bool Replica { get; init; }
}

/// <summary>
/// A memory node offers another a copy of snapshot <paramref name="SnapshotId"/> (a replica, like the parts marked
/// <see cref="SnapshotUploadPart.Replica"/>): the file of <paramref name="TotalBytes"/>, whose SHA-256 is
/// <paramref name="Sha256"/>, is served by <paramref name="Source"/> (the offering node's bulk page server) as region
/// (<paramref name="RegionId"/>, <paramref name="RegionVersion"/>) of 64 KiB pages, the last one padded with zeros,
/// for as long as the offer stands. The peer checks the size as it would an upload's, fetches the file, checks it and
/// stores it as an uploaded copy, answering the same way; or, when it cannot fetch it (no bulk path, a failed
/// connection), answers <see cref="SnapshotReplicaOfferDeclined"/> and the parts follow.
/// </summary>
internal sealed record SnapshotReplicaOffer(long RequestId, string SnapshotId, string FromInstance, long TotalBytes, BulkEndpoint Source, ulong RegionId, ulong RegionVersion, byte[] Sha256) : ICorrelatedMessage;

/// <summary>The peer did not fetch an offered copy over the bulk path, for <paramref name="Reason"/>: the offering node sends it in parts instead.</summary>
internal sealed record SnapshotReplicaOfferDeclined(long RequestId, string Reason) : ICorrelatedMessage;

/// <summary>The memory node holds the snapshot and serves it through <paramref name="Snapshot"/>.</summary>
internal sealed record SnapshotStored(long RequestId, SnapshotRef Snapshot, int Chunks, long Bytes) : ICorrelatedMessage;

/// <summary>
/// Memory node to uploader: the uploaded snapshot is a lineage delta (docs/snapshot-format.md, Lineage) whose
/// parent this node does not hold (never stored, or lost), so it was not stored. <paramref name="ParentManifestId"/>
/// is the parent's manifest id as the delta file names it (32 hex digits). A run node answers by uploading a full
/// snapshot (a snapshot request) or by failing the migration and running on (a migration).
/// </summary>
internal sealed record SnapshotParentMissing(long RequestId, string SnapshotId, string ParentManifestId) : ICorrelatedMessage;

/// <summary>What a fetch asks a snapshot actor for (the three calls of the snapshot library's source).</summary>
internal enum SnapshotDataKind
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
internal sealed record FetchSnapshotData(long RequestId, string SnapshotId, SnapshotDataKind Kind, byte[] ChunkIds, int Region) : ICorrelatedMessage;

/// <summary>
/// One part of a fetch reply. The reply as a whole is a blob of <paramref name="TotalBytes"/> split into
/// <paramref name="Parts"/> parts in order, each under the frame limit. For chunk fetches the blob is each chunk as a
/// 4-byte little-endian length followed by its bytes, in the requested order.
/// </summary>
internal sealed record SnapshotDataPart(long RequestId, int Part, int Parts, long TotalBytes, byte[] Data) : ICorrelatedMessage;

internal sealed record SnapshotDataFailed(long RequestId, string Reason) : ICorrelatedMessage;
