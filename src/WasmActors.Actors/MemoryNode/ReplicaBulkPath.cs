using System.Security.Cryptography;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Messages;
using WasmActors.Actors.RunNode;
using WasmActors.Transport;

namespace WasmActors.Actors.MemoryNode;

/// <summary>
/// Snapshot copies between memory nodes over the bulk page path (docs/adr-022-snapshot-replication.md): the node
/// that pushes a copy serves the file as a region of its page server for as long as its offer stands
/// (<see cref="Offer"/>, <see cref="Withdraw"/>); the peer fetches it with its own bulk client, a few large
/// requests at a time, and checks it against the offer's size and SHA-256 (<see cref="FetchAsync"/>).
/// </summary>
internal sealed class ReplicaBulkPath(BulkPageServer server, BulkClients clients, MemoryNodeCounters counters) : IAsyncDisposable
{
    /// <summary>The page size of an offered file (docs/page-protocol.md: fifteen pages fill a frame).</summary>
    public const int PageSize = 64 * 1024;

    /// <summary>Pages in one fetch request (16 MiB), and requests in flight at once: large enough to fill the path,
    /// few enough that each finishes within wasmactors.bulk.request-timeout.</summary>
    private const int PagesPerRequest = 256;
    private const int RequestsInFlight = 4;

    /// <summary>Serves <paramref name="file"/> until <see cref="Withdraw"/>; the offer to send for it.</summary>
    public SnapshotReplicaOffer Offer(long requestId, string snapshotId, string fromInstance, byte[] file)
    {
        var key = server.RegisterFile(file, PageSize);
        return new SnapshotReplicaOffer(requestId, snapshotId, fromInstance, file.Length, server.Endpoint, key.RegionId, key.Version, SHA256.HashData(file));
    }

    public void Withdraw(SnapshotReplicaOffer offer) => server.Unregister(new RegionKey(offer.RegionId, offer.RegionVersion));

    /// <summary>
    /// Fetches an offered file within <paramref name="timeout"/>; its size must already have been checked (it is
    /// allocated whole). Throws <see cref="IOException"/> when the fetch fails, <see cref="InvalidDataException"/>
    /// when the bytes are not the ones offered.
    /// </summary>
    public async Task<byte[]> FetchAsync(SnapshotReplicaOffer offer, TimeSpan timeout)
    {
        if (offer.Sha256.Length != SHA256.HashSizeInBytes || offer.TotalBytes is <= 0 or > int.MaxValue)
        {
            throw new InvalidDataException($"an offer of {offer.TotalBytes} bytes with a {offer.Sha256.Length}-byte hash is not acceptable");
        }

        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            var client = await clients.GetAsync(offer.Source).WaitAsync(deadline.Token);
            var key = new RegionKey(offer.RegionId, offer.RegionVersion);
            var file = new byte[offer.TotalBytes];
            var pages = (offer.TotalBytes + PageSize - 1) / PageSize;
            var requests = Enumerable.Range(0, (int)((pages + PagesPerRequest - 1) / PagesPerRequest));
            await Parallel.ForEachAsync(requests, new ParallelOptions { MaxDegreeOfParallelism = RequestsInFlight, CancellationToken = deadline.Token }, async (request, cancel) =>
            {
                var first = (long)request * PagesPerRequest;
                var range = new PageRange((uint)first, (uint)Math.Min(PagesPerRequest, pages - first));
                var at = (int)(first * PageSize);
                var length = (int)range.Count * PageSize;
                if (at + length <= file.Length)
                {
                    await client.FetchAsync(key, [range], file.AsMemory(at, length), cancel);
                    return;
                }

                // The last request: its last page is padded past the file's end.
                var reply = await client.FetchAsync(key, [range], cancel);
                if (reply.PageSize != PageSize || reply.Data.Length != length)
                {
                    throw new InvalidDataException($"the offered region has {reply.PageSize}-byte pages, not {PageSize}");
                }

                reply.Data.Span[..(file.Length - at)].CopyTo(file.AsSpan(at));
            });

            if (!CryptographicOperations.FixedTimeEquals(SHA256.HashData(file), offer.Sha256))
            {
                throw new InvalidDataException("the fetched file does not match the offer's SHA-256");
            }

            counters.BulkCopyReceived(file.Length);
            return file;
        }
        catch (Exception e) when (e is PageTransportException or IOException or System.Net.Sockets.SocketException or OperationCanceledException)
        {
            clients.Forget(offer.Source);
            var why = deadline.IsCancellationRequested ? $"not fetched within {timeout.TotalSeconds:0.#} s" : e.Message;
            throw new IOException($"{offer.Source.Transport}://{offer.Source.Host}:{offer.Source.Port}: {why}", e);
        }
    }

    public ValueTask DisposeAsync() => clients.DisposeAsync();
}
