namespace WasmActors.Snapshot.Durable;

/// <summary>A snapshot the durable store holds, with what its memory node counts and lists it by.</summary>
internal sealed record StoredSnapshot(string SnapshotId, string FromInstance, long UploadBytes, SnapshotImage Snapshot);

/// <summary>Why a snapshot found on disk at start was dropped rather than served.</summary>
internal enum StoreDefect
{
    /// <summary>Its record is truncated, corrupted or not a record.</summary>
    RecordUnreadable,

    /// <summary>A pack holding some of its chunks is missing, truncated or corrupted.</summary>
    PackUnreadable,

    /// <summary>A pack it names does not hold a chunk it needs.</summary>
    ChunkMissing,

    /// <summary>It is a delta of a snapshot that is not held (or was itself dropped).</summary>
    ParentMissing,

    /// <summary>Its files are whole but the snapshot they make is not valid.</summary>
    SnapshotInvalid,
}

/// <summary>A snapshot dropped at start: its files are removed and it is never served.</summary>
internal sealed record DroppedSnapshot(string SnapshotId, StoreDefect Defect, string Detail)
{
    public override string ToString() => $"snapshot {SnapshotId} dropped ({Defect}): {Detail}";
}
