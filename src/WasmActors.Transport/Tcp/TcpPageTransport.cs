using System.Net;
using WasmActors.Transport.Server;

namespace WasmActors.Transport.Tcp;

/// <summary>The baseline backend: the page protocol over one TCP connection (TLS 1.3 unless disabled).</summary>
internal sealed class TcpPageTransport : IPageTransport
{
    public string Name => "tcp";

    public Task<IPageServer> StartServerAsync(IPEndPoint endpoint, PageRegistry registry, PageTransportOptions options, CancellationToken cancellationToken = default)
        => Task.FromResult(TcpPageServer.Start(endpoint, registry, options));

    public Task<IPageClient> ConnectAsync(IPEndPoint server, PageTransportOptions options, CancellationToken cancellationToken = default)
        => TcpPageClient.ConnectAsync(server, options, cancellationToken);
}
