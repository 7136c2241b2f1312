using System.Net;
using WasmActors.Transport.Quic;
using WasmActors.Transport.Server;

namespace WasmActors.Transport.Ngtcp2;

/// <summary>The page protocol over QUIC through ngtcp2 0.12 + GnuTLS (native/quicshim): what <c>quic</c> runs where System.Net.Quic cannot (docs/adr-017-two-quic-stacks.md).</summary>
internal sealed class NgQuicPageTransport : IPageTransport
{
    public string Name => "quic";

    /// <summary>Null when this backend can run here, otherwise why not.</summary>
    public static string? UnavailableReason => QuicShim.UnavailableReason;

    public Task<IPageServer> StartServerAsync(IPEndPoint endpoint, PageRegistry registry, PageTransportOptions options, CancellationToken cancellationToken = default)
        => Task.FromResult<IPageServer>(new NgQuicPageServer(endpoint, registry, options));

    public async Task<IPageClient> ConnectAsync(IPEndPoint server, PageTransportOptions options, CancellationToken cancellationToken = default)
    {
        var (endpoint, connection) = await ConnectQuicAsync(server, options, cancellationToken).ConfigureAwait(false);
        try
        {
            using var hello = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            hello.CancelAfter(options.ConnectTimeout);
            try
            {
                var client = await QuicPageClient.CreateAsync(connection, options, hello.Token).ConfigureAwait(false);
                return new OwningClient(client, endpoint);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw connection.CloseError ?? new PageTransportException(PageTransportError.ConnectFailed, $"no Hello answer from {server} within {options.ConnectTimeout}", e);
            }
        }
        catch
        {
            endpoint.Dispose();
            throw;
        }
    }

    /// <summary>A QUIC connection with the TLS handshake done but no Hello yet, on its own endpoint
    /// (which the caller disposes).</summary>
    internal static async Task<(NgQuicEndpoint Endpoint, NgQuicConnection Connection)> ConnectQuicAsync(IPEndPoint server, PageTransportOptions options, CancellationToken cancellationToken)
    {
        NgQuicOptions.ThrowIfUnavailable();
        options.Validate();
        var bind = new IPEndPoint(server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : IPAddress.Loopback, 0);
        if (!IPAddress.IsLoopback(server.Address))
        {
            bind = new IPEndPoint(server.AddressFamily == System.Net.Sockets.AddressFamily.InterNetworkV6 ? IPAddress.IPv6Any : IPAddress.Any, 0);
        }
        var endpoint = new NgQuicEndpoint(bind, accept: null, "quic-client-io");
        var created = new TaskCompletionSource<NgQuicConnection>(TaskCreationOptions.RunContinuationsAsynchronously);
        endpoint.Post(() =>
        {
            try
            {
                var local = QuicShim.ToAddress(new IPEndPoint(IPAddress.IsLoopback(server.Address) ? bind.Address : server.Address, endpoint.LocalEndPoint.Port));
                var remote = QuicShim.ToAddress(server);
                IntPtr native = IntPtr.Zero;
                var rv = NgQuicOptions.WithConfig(options, server: false, server, (in QuicShim.Config config) => QuicShim.ClientNew(out native, config, local, remote, NgQuicEndpoint.Now));
                if (rv != 0)
                {
                    throw new PageTransportException(PageTransportError.ConnectFailed, $"cannot create a QUIC connection (shim error {rv})");
                }
                var connection = new NgQuicConnection(endpoint, native, server);
                endpoint.Add(connection);
                created.SetResult(connection);
            }
            catch (Exception e)
            {
                created.TrySetException(e);
            }
        });
        try
        {
            var connection = await created.Task.ConfigureAwait(false);
            using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            connect.CancelAfter(options.ConnectTimeout);
            try
            {
                await connection.Handshake.WaitAsync(connect.Token).ConfigureAwait(false);
                return (endpoint, connection);
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                throw connection.CloseError ?? new PageTransportException(PageTransportError.ConnectFailed, $"no QUIC connection to {server} within {options.ConnectTimeout}", e);
            }
        }
        catch
        {
            endpoint.Dispose();
            throw;
        }
    }

    /// <summary>A client that also owns its private UDP endpoint and loop thread.</summary>
    private sealed class OwningClient(IPageClient inner, NgQuicEndpoint endpoint) : IPageClient
    {
        public Task<int> FetchAsync(RegionKey region, IReadOnlyList<PageRange> ranges, Memory<byte> destination, CancellationToken cancellationToken = default)
            => inner.FetchAsync(region, ranges, destination, cancellationToken);

        public Task<PageFetchResult> FetchAsync(RegionKey region, IReadOnlyList<PageRange> ranges, CancellationToken cancellationToken = default)
            => inner.FetchAsync(region, ranges, cancellationToken);

        public IAsyncEnumerable<PageChunk> PushAsync(RegionKey region, IReadOnlyList<PageRange> ranges, CancellationToken cancellationToken = default)
            => inner.PushAsync(region, ranges, cancellationToken);

        public async ValueTask DisposeAsync()
        {
            await inner.DisposeAsync().ConfigureAwait(false);
            endpoint.Dispose();
        }
    }
}
