using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// What a restore reads of a snapshot before its first instruction at page granularity, apart from code the module
/// cache holds: the manifest and every record it names (memory page lists included). A prefetch keeps them so that
/// the first fork makes no round trip for them; the restore still checks each chunk against its id.
/// </summary>
internal sealed record SnapshotRecords(byte[] Manifest, IReadOnlyDictionary<ChunkId, byte[]> Chunks)
{
    /// <summary>Their size in memory, roughly: the bytes of the manifest and of every chunk.</summary>
    public long Bytes { get; } = Manifest.Length + Chunks.Values.Sum(c => (long)c.Length);
}
