using System.Net;
using WasmActors.Transport.Ngtcp2;
using WasmActors.Transport.Security;
using WasmActors.Transport.Server;
using WasmActors.Transport.Tcp;

namespace WasmActors.Transport.Tests;

/// <summary>Creates each backend and a matching server/client option pair: like a cluster's bulk path, both sides
/// present one self-signed certificate and pin it (mutual TLS), except on plain TCP, which has no TLS.</summary>
internal static class TransportKinds
{
    public const string Tcp = "tcp";
    public const string TcpPlain = "tcp-plain";
    public const string Quic = "quic";
    public const string MsQuic = "msquic";

    private static readonly Lazy<NodeCertificate> ServerCertificate = new(() => NodeCertificate.CreateSelfSigned("test-server"));

    public static NodeCertificate Certificate => ServerCertificate.Value;

    public static IPEndPoint Loopback => new(IPAddress.Loopback, 0);

    /// <summary>Connect, mutual TLS handshake and Hello: on shared, loaded cores (the whole suite beside other
    /// builds) the default 5 s was once exceeded, so the tests bound it more loosely.</summary>
    private static TimeSpan HandshakeBound => TimeSpan.FromSeconds(15);

    public static IPageTransport Create(string kind) => kind switch
    {
        Tcp or TcpPlain => new TcpPageTransport(),
        Quic => new NgQuicPageTransport(),
        MsQuic when OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsMacOS() => new SystemQuic.SystemQuicPageTransport(),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    public static PageTransportOptions ServerOptions(string kind) => new()
    {
        Certificate = Certificate,
        Trust = kind == TcpPlain ? null : PeerTrust.Pin(Certificate.Certificate),
        TcpUseTls = kind != TcpPlain,
        ConnectTimeout = HandshakeBound,
        RequestTimeout = TimeSpan.FromSeconds(20),
        IdleTimeout = TimeSpan.FromSeconds(10),
    };

    public static PageTransportOptions ClientOptions(string kind) => new()
    {
        Certificate = Certificate,
        Trust = PeerTrust.Pin(Certificate.Certificate),
        TcpUseTls = kind != TcpPlain,
        ConnectTimeout = HandshakeBound,
        RequestTimeout = TimeSpan.FromSeconds(20),
        IdleTimeout = TimeSpan.FromSeconds(10),
    };

    /// <summary>A started server and one connected client; both disposed together.</summary>
    public static async Task<Pair> StartAsync(string kind, PageRegistry registry, Func<PageTransportOptions, PageTransportOptions>? client = null, Func<PageTransportOptions, PageTransportOptions>? server = null)
    {
        var transport = Create(kind);
        var serverOptions = (server ?? (o => o))(ServerOptions(kind));
        var started = await transport.StartServerAsync(Loopback, registry, serverOptions);
        try
        {
            var connected = await transport.ConnectAsync(started.LocalEndPoint, (client ?? (o => o))(ClientOptions(kind)));
            return new Pair(transport, started, connected);
        }
        catch
        {
            await started.DisposeAsync();
            throw;
        }
    }

    internal sealed record Pair(IPageTransport Transport, IPageServer Server, IPageClient Client) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await Client.DisposeAsync();
            await Server.DisposeAsync();
        }
    }
}
