using Akka.Actor;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The snapshot library's source for a snapshot on a memory node. Called on engine (or restore) threads, which
/// block on the proxy actor's reply for at most the page-fault timeout; any failure becomes the trap
/// "snapshot source unavailable: …", so the faulting instance stops cleanly and nothing else on the node does.
/// </summary>
internal sealed class RemoteSnapshotSource(IActorRef proxy, TimeSpan timeout) : ISnapshotSource
{
    public const string UnavailableTrap = "snapshot source unavailable";

    private byte[]? _manifest;

    public byte[] FetchManifest() => _manifest ??= Request(SnapshotDataKind.Manifest, []);

    public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids)
    {
        var packed = new byte[ids.Count * ChunkId.Size];
        for (var i = 0; i < ids.Count; i++)
        {
            BitConverter.TryWriteBytes(packed.AsSpan(i * ChunkId.Size), ids[i].Value);
        }

        var blob = Request(SnapshotDataKind.Chunks, packed);
        try
        {
            return BlobParts.SplitChunks(blob, ids.Count);
        }
        catch (InvalidDataException e)
        {
            throw new SnapshotFormatException($"the memory node's reply is malformed: {e.Message}", e);
        }
    }

    public byte[] FetchWhole() => Request(SnapshotDataKind.Whole, []);

    private byte[] Request(SnapshotDataKind kind, byte[] ids)
    {
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.Tell(new ProxyFetch(kind, ids, -1, reply));
        try
        {
            if (reply.Task.Wait(timeout))
            {
                return reply.Task.Result;
            }
        }
        catch (AggregateException e)
        {
            throw new WasmTrapException($"{UnavailableTrap}: {e.GetBaseException().Message}", inner: e);
        }

        proxy.Tell(new ProxyAbandon(reply));
        throw new WasmTrapException($"{UnavailableTrap}: no reply within {timeout.TotalSeconds:0.###} s");
    }
}
