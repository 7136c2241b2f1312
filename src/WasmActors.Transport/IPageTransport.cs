using System.Net;
using WasmActors.Transport.Server;

namespace WasmActors.Transport;

/// <summary>The bulk page path: one protocol (docs/page-protocol.md) over several backends.</summary>
public interface IPageTransport
{
    /// <summary>"quic" (ngtcp2), "msquic" (System.Net.Quic) or "tcp".</summary>
    string Name { get; }

    Task<IPageServer> StartServerAsync(IPEndPoint endpoint, PageRegistry registry, PageTransportOptions options, CancellationToken cancellationToken = default);

    Task<IPageClient> ConnectAsync(IPEndPoint server, PageTransportOptions options, CancellationToken cancellationToken = default);
}

/// <summary>A running page server. Disposing closes its connections.</summary>
public interface IPageServer : IAsyncDisposable
{
    IPEndPoint LocalEndPoint { get; }
}

/// <summary>One connection to a page server. Safe to use from many threads; requests are pipelined.</summary>
public interface IPageClient : IAsyncDisposable
{
    /// <summary>Fetches the pages of <paramref name="ranges"/> into <paramref name="destination"/>,
    /// which must be exactly the pages' total size; returns the page size.</summary>
    Task<int> FetchAsync(RegionKey region, IReadOnlyList<PageRange> ranges, Memory<byte> destination, CancellationToken cancellationToken = default);

    /// <summary>Fetches the pages of <paramref name="ranges"/> into a new buffer.</summary>
    Task<PageFetchResult> FetchAsync(RegionKey region, IReadOnlyList<PageRange> ranges, CancellationToken cancellationToken = default);

    /// <summary>Prefetch: the server pushes the pages at lower priority than fetches; chunks arrive
    /// in range order as soon as they are verified. Stopping the enumeration cancels the rest.</summary>
    IAsyncEnumerable<PageChunk> PushAsync(RegionKey region, IReadOnlyList<PageRange> ranges, CancellationToken cancellationToken = default);
}
