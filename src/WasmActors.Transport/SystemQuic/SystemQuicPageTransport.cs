using System.Net;
using System.Net.Quic;
using System.Net.Security;
using System.Runtime.Versioning;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using WasmActors.Transport.Protocol;
using WasmActors.Transport.Quic;
using WasmActors.Transport.Server;

namespace WasmActors.Transport.SystemQuic;

/// <summary>The page protocol over System.Net.Quic (libmsquic). Same wire protocol as the ngtcp2
/// backend, so either side may use either. Only usable where <see cref="IsSupported"/>.</summary>
[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
[SupportedOSPlatform("windows")]
internal sealed class SystemQuicPageTransport : IPageTransport
{
    internal const long AbortCode = 1;

    public string Name => "msquic";

    public static bool IsSupported => QuicConnection.IsSupported && QuicListener.IsSupported;

    public static string? UnavailableReason => IsSupported ? null : "System.Net.Quic is not supported here (libmsquic is not installed)";

    public async Task<IPageServer> StartServerAsync(IPEndPoint endpoint, PageRegistry registry, PageTransportOptions options, CancellationToken cancellationToken = default)
    {
        ThrowIfUnsupported();
        options.Validate();
        var certificate = options.Certificate ?? throw new ArgumentException("a QUIC page server needs PageTransportOptions.Certificate");
        var connectionOptions = new QuicServerConnectionOptions
        {
            DefaultStreamErrorCode = AbortCode,
            DefaultCloseErrorCode = 0,
            IdleTimeout = options.IdleTimeout,
            MaxInboundBidirectionalStreams = options.MaxConcurrentRequests + 1,
            MaxInboundUnidirectionalStreams = 0,
            HandshakeTimeout = options.ConnectTimeout,
            ServerAuthenticationOptions = new SslServerAuthenticationOptions
            {
                ServerCertificate = certificate.Certificate,
                ApplicationProtocols = [new SslApplicationProtocol(ProtocolConstants.Alpn)],
                EnabledSslProtocols = SslProtocols.Tls13,
                // With Trust, mutual TLS: a client without an accepted certificate never completes the handshake.
                ClientCertificateRequired = options.Trust is not null,
                RemoteCertificateValidationCallback = options.Trust is { } trust ? (_, peer, _, _) => trust.Accepts(peer as X509Certificate2) : null,
            },
        };
        var listener = await QuicListener.ListenAsync(new QuicListenerOptions
        {
            ListenEndPoint = endpoint,
            ApplicationProtocols = [new SslApplicationProtocol(ProtocolConstants.Alpn)],
            ConnectionOptionsCallback = (_, _, _) => ValueTask.FromResult(connectionOptions),
        }, cancellationToken).ConfigureAwait(false);
        return new Server(listener, registry, options);
    }

    public async Task<IPageClient> ConnectAsync(IPEndPoint server, PageTransportOptions options, CancellationToken cancellationToken = default)
    {
        ThrowIfUnsupported();
        options.Validate();
        var trust = options.Trust ?? throw new ArgumentException("a QUIC page client needs PageTransportOptions.Trust");
        using var connect = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connect.CancelAfter(options.ConnectTimeout);
        QuicConnection connection;
        try
        {
            connection = await QuicConnection.ConnectAsync(new QuicClientConnectionOptions
            {
                RemoteEndPoint = server,
                DefaultStreamErrorCode = AbortCode,
                DefaultCloseErrorCode = 0,
                IdleTimeout = options.IdleTimeout,
                HandshakeTimeout = options.ConnectTimeout,
                MaxInboundBidirectionalStreams = 0,
                MaxInboundUnidirectionalStreams = 0,
                ClientAuthenticationOptions = new SslClientAuthenticationOptions
                {
                    TargetHost = "wasmactors-node",
                    ApplicationProtocols = [new SslApplicationProtocol(ProtocolConstants.Alpn)],
                    EnabledSslProtocols = SslProtocols.Tls13,
                    RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate is X509Certificate2 peer && trust.Accepts(peer),
                    ClientCertificateContext = options.Certificate is { } own ? SslStreamCertificateContext.Create(own.Certificate, null, offline: true) : null,
                },
            }, connect.Token).ConfigureAwait(false);
        }
        catch (AuthenticationException e)
        {
            throw new PageTransportException(PageTransportError.CertificateRejected, $"TLS handshake with {server} failed: {e.Message}", e);
        }
        catch (Exception e) when (e is QuicException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            throw new PageTransportException(PageTransportError.ConnectFailed, $"no QUIC connection to {server}: {e.Message}", e);
        }
        var handle = new SystemQuicConnectionHandle(connection);
        try
        {
            return await QuicPageClient.CreateAsync(handle, options, connect.Token).ConfigureAwait(false);
        }
        catch
        {
            await handle.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    private static void ThrowIfUnsupported()
    {
        if (UnavailableReason is { } reason)
        {
            throw new PageTransportException(PageTransportError.Unsupported, reason);
        }
    }

    private sealed class Server : PageServerBase<SystemQuicConnectionHandle>
    {
        private readonly QuicListener _listener;

        public Server(QuicListener listener, PageRegistry registry, PageTransportOptions options)
            : base(registry, options)
        {
            _listener = listener;
            LocalEndPoint = listener.LocalEndPoint;
            StartAccepting(AcceptAsync, ServeAsync);
        }

        public override IPEndPoint LocalEndPoint { get; }

        private async ValueTask<SystemQuicConnectionHandle?> AcceptAsync(CancellationToken stopping)
        {
            try
            {
                return new SystemQuicConnectionHandle(await _listener.AcceptConnectionAsync(stopping).ConfigureAwait(false));
            }
            catch (Exception e) when (e is QuicException or AuthenticationException)
            {
                return null; // one failed handshake does not stop the server
            }
        }

        private async Task ServeAsync(SystemQuicConnectionHandle handle)
        {
            await using (handle.ConfigureAwait(false))
            {
                await new QuicServerConnection(handle, Requests, Options, Stopping).RunAsync().ConfigureAwait(false);
            }
        }

        protected override ValueTask StopListeningAsync() => _listener.DisposeAsync();
    }
}
