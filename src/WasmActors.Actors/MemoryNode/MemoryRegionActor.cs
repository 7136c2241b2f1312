using Akka.Actor;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Format;

namespace WasmActors.Actors.MemoryNode;

/// <summary>
/// One linear memory of a stored snapshot: serves the page faults of its pages (the snapshot actor routes them
/// here). A request for a chunk that is not one of this region's pages is refused.
/// </summary>
internal sealed class MemoryRegionActor : ReceiveActor
{
    public MemoryRegionActor(Snapshot.SnapshotImage snapshot, RegionLayout layout, int maxPartBytes, MemoryNodeCounters counters)
    {
        var pages = new HashSet<ChunkId>(layout.PageChunks);
        Receive<FetchSnapshotData>(request =>
        {
            var ids = SnapshotReplies.UnpackIds(request.ChunkIds);
            if (ids is null || ids.Any(id => !pages.Contains(id)))
            {
                Sender.Tell(new SnapshotDataFailed(request.RequestId, $"region {layout.Region} of snapshot {request.SnapshotId} does not hold every page asked for"));
                return;
            }

            var chunks = ids.Select(snapshot.GetChunk).ToArray();
            var blob = BlobParts.JoinChunks(chunks);
            counters.Served(chunks.Length, blob.Length);
            SnapshotReplies.SendBlob(Sender, request.RequestId, blob, maxPartBytes, Self);
        });
    }

    public static Props Props(Snapshot.SnapshotImage snapshot, RegionLayout layout, int maxPartBytes, MemoryNodeCounters counters) =>
        Akka.Actor.Props.Create(() => new MemoryRegionActor(snapshot, layout, maxPartBytes, counters));
}
