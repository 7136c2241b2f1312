using Akka.Actor;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The snapshot library's source for a snapshot on a memory node. Called on engine (or restore) threads, which
/// block on the proxy actor's reply for at most the page-fault timeout (the proxy meanwhile tries the snapshot's
/// other holders); any failure becomes the trap "snapshot source unavailable: …", so the faulting instance stops
/// cleanly and nothing else on the node does. A holder whose bulk path fails is left for the Akka path (and the
/// proxy told, so it moves to another holder); the bulk path is used again once the proxy has.
/// </summary>
/// <remarks><paramref name="fetched"/>, if given, hears the size of every piece as it arrives (for progress displays).</remarks>
internal sealed class RemoteSnapshotSource(IActorRef proxy, TimeSpan timeout, Func<RegionLayout[], BulkPageFetcher>? bulk = null, Action<long>? fetched = null) : ISnapshotSource
{
    public const string UnavailableTrap = "snapshot source unavailable";

    private readonly Lock _bulkLock = new();
    private byte[]? _manifest;
    private BulkPageFetcher? _bulk;
    private bool _bulkFailed = bulk is null;
    private SnapshotRef? _bulkFailedAt;

    // Each fetch blocks its thread on the network: an engine thread gives its run slot back for the wait.
    public byte[] FetchManifest()
    {
        if (_manifest is null)
        {
            using var blocking = RunSlot.Blocking();
            _manifest = Request(SnapshotDataKind.Manifest, []);
        }

        return _manifest;
    }

    public IReadOnlyList<byte[]> FetchChunks(IReadOnlyList<ChunkId> ids)
    {
        using var blocking = RunSlot.Blocking();
        // Page bodies take the bulk path when the memory node offers one; the rest (and any fallback) rides Akka.
        var results = new byte[]?[ids.Count];
        if (Bulk() is { } fetcher && fetcher.Holder is { } holder && !ReferenceEquals(holder, _bulkFailedAt) && ids.Any(fetcher.IsPage) && !fetcher.TryFetch(holder, ids, results))
        {
            _bulkFailedAt = holder;
            proxy.Tell(new ProxyHolderFailed(holder.Actor));
            Array.Clear(results);
        }
        else if (fetched is not null && results.Any(r => r is not null))
        {
            fetched(results.Sum(r => (long)(r?.Length ?? 0)));
        }

        var missing = Enumerable.Range(0, ids.Count).Where(i => results[i] is null).ToArray();
        if (missing.Length > 0)
        {
            var fetched = FetchOverAkka(missing.Select(i => ids[i]).ToArray());
            for (var i = 0; i < missing.Length; i++)
            {
                results[missing[i]] = fetched[i];
            }
        }

        return results!;
    }

    private BulkPageFetcher? Bulk()
    {
        if (_bulkFailed)
        {
            return null;
        }

        lock (_bulkLock)
        {
            if (_bulk is null && !_bulkFailed)
            {
                try
                {
                    _bulk = bulk!(RegionLayoutCodec.Decode(Request(SnapshotDataKind.Layout, [])));
                }
                catch (InvalidDataException)
                {
                    _bulkFailed = true;
                }
            }

            return _bulk;
        }
    }

    /// <summary>Most chunk ids in one request over Akka, so that the request stays well inside a remote frame.</summary>
    internal const int MaxIdsPerRequest = 2048;

    private List<byte[]> FetchOverAkka(IReadOnlyList<ChunkId> ids)
    {
        var replies = new List<byte[]>(ids.Count);
        for (var at = 0; at < ids.Count; at += MaxIdsPerRequest)
        {
            replies.AddRange(FetchOverAkkaOnce(ids.Skip(at).Take(MaxIdsPerRequest).ToArray()));
        }

        return replies;
    }

    private IReadOnlyList<byte[]> FetchOverAkkaOnce(IReadOnlyList<ChunkId> ids)
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

    public byte[] FetchWhole()
    {
        using var blocking = RunSlot.Blocking();
        return Request(SnapshotDataKind.Whole, []);
    }

    private byte[] Request(SnapshotDataKind kind, byte[] ids)
    {
        var reply = new TaskCompletionSource<byte[]>(TaskCreationOptions.RunContinuationsAsynchronously);
        proxy.Tell(new ProxyFetch(kind, ids, -1, reply));
        try
        {
            if (reply.Task.Wait(timeout))
            {
                fetched?.Invoke(reply.Task.Result.Length);
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
