using System.Net;
using System.Net.Sockets;
using WasmActors.Transport.Quic;
using WasmActors.Transport.Server;

namespace WasmActors.Transport.Ngtcp2;

/// <summary>The ngtcp2 page server: one UDP endpoint; each new client address that sends an Initial
/// packet gets a connection, served by <see cref="QuicServerConnection"/>.</summary>
internal sealed class NgQuicPageServer : PageServerBase<NgQuicConnection>
{
    private readonly NgQuicEndpoint _endpoint;

    public NgQuicPageServer(IPEndPoint bind, PageRegistry registry, PageTransportOptions options)
        : base(registry, Checked(options))
    {
        _endpoint = new NgQuicEndpoint(bind, Accept, "quic-server-io");
        LocalEndPoint = _endpoint.LocalEndPoint;
    }

    public override IPEndPoint LocalEndPoint { get; }

    // Runs before the base builds its request server, as the checks ran first when this class held its own fields.
    private static PageTransportOptions Checked(PageTransportOptions options)
    {
        NgQuicOptions.ThrowIfUnavailable();
        options.Validate();
        _ = options.Certificate ?? throw new ArgumentException("a QUIC page server needs PageTransportOptions.Certificate");
        return options;
    }

    /// <summary>Loop thread: a datagram from an unknown address. Initial packets beyond
    /// <see cref="PageServerBase{T}.MaxConnections"/> are dropped.</summary>
    private unsafe NgQuicConnection? Accept(IPEndPoint remote, ReadOnlyMemory<byte> datagram)
    {
        if (IsStopping || _endpoint.ConnectionCount >= MaxConnections)
        {
            return null;
        }
        var local = QuicShim.ToAddress(new IPEndPoint(remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : LocalEndPoint.Address, LocalEndPoint.Port));
        var remoteAddress = QuicShim.ToAddress(remote);
        IntPtr native = IntPtr.Zero;
        var rv = NgQuicOptions.WithConfig(Options, server: true, remote, (in QuicShim.Config config) =>
        {
            fixed (byte* packet = datagram.Span)
            {
                return QuicShim.ServerNew(out native, config, packet, (nuint)datagram.Length, local, remoteAddress, NgQuicEndpoint.Now);
            }
        });
        if (rv != 0)
        {
            return null; // not a valid Initial: ignore, as QUIC servers do
        }
        var connection = new NgQuicConnection(_endpoint, native, remote);
        Track(connection, new QuicServerConnection(connection, Requests, Options, Stopping).RunAsync());
        return connection;
    }

    /// <summary>Stops as a crashed process would: the clients hear nothing more.</summary>
    internal void Kill()
    {
        SignalStop();
        _endpoint.Kill();
    }

    protected override ValueTask StopListeningAsync()
    {
        _endpoint.Dispose();
        return ValueTask.CompletedTask;
    }
}
