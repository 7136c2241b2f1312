using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Format;

namespace WasmActors.Actors.MemoryNode;

/// <summary>Answers a fetch with a blob cut into frame-sized parts.</summary>
internal static class SnapshotReplies
{
    public static void SendBlob(IActorRef to, long requestId, byte[] blob, int maxPartBytes, IActorRef from)
    {
        foreach (var (part, parts, data) in BlobParts.Split(blob, maxPartBytes))
        {
            to.Tell(new SnapshotDataPart(requestId, part, parts, blob.Length, data), from);
        }
    }

    /// <summary>The ids packed 16 bytes each; null when the length is not a multiple of 16.</summary>
    public static ChunkId[]? UnpackIds(byte[] packed)
    {
        if (packed.Length % ChunkId.Size != 0)
        {
            return null;
        }

        var ids = new ChunkId[packed.Length / ChunkId.Size];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = new ChunkId(BitConverter.ToUInt128(packed, i * ChunkId.Size));
        }

        return ids;
    }
}
