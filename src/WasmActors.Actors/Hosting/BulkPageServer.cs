using System.IO.Hashing;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.MemoryNode;
using WasmActors.Actors.Messages;
using WasmActors.Transport;
using WasmActors.Transport.Ngtcp2;
using WasmActors.Transport.Server;
using WasmActors.Transport.Tcp;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// The memory node's bulk page path: every memory region of every stored snapshot is registered with a page
/// server (QUIC through the ngtcp2 shim where it loads, TCP otherwise), announced to run nodes in each snapshot
/// reference. Who may read them is <see cref="BulkPathSecurity"/>'s decision: with remote TLS on, only peers
/// presenting the cluster certificate.
/// </summary>
internal sealed class BulkPageServer : IAsyncDisposable
{
    private readonly IPageServer _server;
    private readonly PageRegistry _registry;
    private readonly BulkPathSecurity _security;
    private readonly MemoryNodeCounters _counters;

    private BulkPageServer(IPageServer server, PageRegistry registry, BulkPathSecurity security, BulkEndpoint endpoint, MemoryNodeCounters counters)
    {
        _server = server;
        _registry = registry;
        _security = security;
        Endpoint = endpoint;
        _counters = counters;
    }

    public BulkEndpoint Endpoint { get; }

    /// <summary>Starts serving; takes ownership of <paramref name="security"/>.</summary>
    public static async Task<BulkPageServer> StartAsync(WasmActorsSettings settings, BulkPathSecurity security, MemoryNodeCounters counters, CancellationToken cancellationToken)
    {
        try
        {
            var bulk = settings.Bulk;
            IPageTransport transport = bulk.Transport == "quic" && NgQuicPageTransport.UnavailableReason is null ? new NgQuicPageTransport() : new TcpPageTransport();
            var registry = new PageRegistry();
            var server = await transport.StartServerAsync(new IPEndPoint(IPAddress.Parse(bulk.Hostname), bulk.Port), registry, security.ServerOptions(settings), cancellationToken);
            var endpoint = new BulkEndpoint(transport.Name, bulk.Hostname, server.LocalEndPoint.Port, security.ServerCertificate.Certificate.RawData);
            return new BulkPageServer(server, registry, security, endpoint, counters);
        }
        catch
        {
            security.Dispose();
            throw;
        }
    }

    /// <summary>The region key of memory <paramref name="region"/> of a snapshot (its content never changes: version 1).</summary>
    public static RegionKey KeyOf(string snapshotId, int region) =>
        new(XxHash64.HashToUInt64(Encoding.UTF8.GetBytes($"{snapshotId}/{region}")), 1);

    public void Register(SnapshotRef reference, Snapshot.SnapshotImage snapshot, RegionLayout[] layout)
    {
        foreach (var region in layout)
        {
            _registry.Register(KeyOf(reference.SnapshotId, region.Region), new DelegatePageProvider(region.PageSize, region.PageCount, (first, count, destination) =>
            {
                for (var i = 0; i < count; i++)
                {
                    var target = destination.Slice(i * region.PageSize, region.PageSize);
                    var position = region.Find((int)(first + i));
                    if (position < 0)
                    {
                        target.Clear();
                    }
                    else
                    {
                        snapshot.GetChunk(region.PageChunks[position]).CopyTo(target);
                    }
                }

                _counters.BulkServed((long)count * region.PageSize);
            }));
        }
    }

    /// <summary>
    /// Serves <paramref name="file"/> as a region of <paramref name="pageSize"/>-byte pages under a new random key (a
    /// snapshot file offered to another memory node, docs/adr-022-snapshot-replication.md); the last page is padded
    /// with zeros. The key is the caller's to unregister.
    /// </summary>
    public RegionKey RegisterFile(byte[] file, int pageSize)
    {
        var key = new RegionKey(BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong))), 1);
        _registry.Register(key, new DelegatePageProvider(pageSize, (file.LongLength + pageSize - 1) / pageSize, (first, count, destination) =>
        {
            var start = first * pageSize;
            var available = (int)Math.Min(destination.Length, Math.Max(0, file.LongLength - start));
            file.AsSpan((int)Math.Min(start, file.LongLength), available).CopyTo(destination);
            destination[available..].Clear();
        }));
        return key;
    }

    public void Unregister(RegionKey key) => _registry.Unregister(key);

    /// <summary>Stops serving the regions of a dropped snapshot.</summary>
    public void Unregister(string snapshotId, int regions)
    {
        for (var r = 0; r < regions; r++)
        {
            _registry.Unregister(KeyOf(snapshotId, r));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _server.DisposeAsync();
        _security.Dispose();
    }
}
