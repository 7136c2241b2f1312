namespace WasmActors.Actors.RunNode;

/// <summary>A memory node a fetch went to, and why it did not serve it ("is gone", "answered …").</summary>
internal sealed record HolderFailure(string MemoryNode, string Reason);

/// <summary>
/// No memory node could serve a fetch of a snapshot: every holder it went to failed it, in <see cref="Failures"/> in
/// the order they were tried, and no other memory node up holds the snapshot. Only then does a fetch fail
/// (docs/adr-022-snapshot-replication.md): the guest traps with "snapshot source unavailable: " and this message.
/// </summary>
internal sealed class HoldersFailedException(string snapshotId, IReadOnlyList<HolderFailure> failures)
    : InvalidOperationException($"no memory node could serve snapshot {snapshotId}: {string.Join("; ", failures.Select(f => $"{f.MemoryNode} {f.Reason}"))}, and no other memory node up holds it")
{
    public string SnapshotId => snapshotId;

    public IReadOnlyList<HolderFailure> Failures => failures;
}
