namespace WasmActors.Actors.Messages;

/// <summary>
/// Memory node to uploader: the uploaded snapshot is a lineage delta (docs/snapshot-format.md, Lineage) whose
/// parent this node does not hold (never stored, or lost), so it was not stored. <paramref name="ParentManifestId"/>
/// is the parent's manifest id as the delta file names it (32 hex digits). A run node answers by uploading a full
/// snapshot (a snapshot request) or by failing the migration and running on (a migration).
/// </summary>
public sealed record SnapshotParentMissing(long RequestId, string SnapshotId, string ParentManifestId) : ICorrelatedMessage;
