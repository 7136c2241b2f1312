using WasmActors.Snapshot.Format;

namespace WasmActors.Snapshot.Restore;

/// <summary>
/// Where a restoring node gets a snapshot's pieces: the seed's "mirror" on the memory node, reached in-process
/// today and over the network later. Every call is one round trip. Replies are untrusted: the restorer checks
/// every chunk against its id and every record before it builds anything.
/// </summary>
internal interface ISnapshotSource
{
    /// <summary>The manifest: Conf, the store's sizes and the id of every instance record.</summary>
    byte[] FetchManifest();

    /// <summary>The chunks with these ids, in the same order (one round trip).</summary>
    IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids);

    /// <summary>The whole snapshot as one file (<see cref="SnapshotFile"/>): the unit of <see cref="Granularity.Wasm"/>.</summary>
    byte[] FetchWhole();
}
