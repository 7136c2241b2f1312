using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using WasmActors.Transport.Quic;
using WasmActors.Transport.Server;

namespace WasmActors.Transport.Ngtcp2;

/// <summary>The ngtcp2 page server: one UDP endpoint; each new client address that sends an Initial
/// packet gets a connection, served by <see cref="QuicServerConnection"/>.</summary>
internal sealed class NgQuicPageServer : IPageServer
{
    /// <summary>Connections one server holds at once; Initial packets beyond that are dropped.</summary>
    private const int MaxConnections = 4096;

    private readonly PageTransportOptions _options;
    private readonly PageRequestServer _requests;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _serving = new();
    private readonly NgQuicEndpoint _endpoint;

    public NgQuicPageServer(IPEndPoint bind, PageRegistry registry, PageTransportOptions options)
    {
        NgQuicOptions.ThrowIfUnavailable();
        options.Validate();
        _ = options.Certificate ?? throw new ArgumentException("a QUIC page server needs PageTransportOptions.Certificate");
        _options = options;
        _requests = new PageRequestServer(registry, options);
        _endpoint = new NgQuicEndpoint(bind, Accept, "quic-server-io");
        LocalEndPoint = _endpoint.LocalEndPoint;
    }

    public IPEndPoint LocalEndPoint { get; }

    /// <summary>Loop thread: a datagram from an unknown address.</summary>
    private unsafe NgQuicConnection? Accept(IPEndPoint remote, ReadOnlyMemory<byte> datagram)
    {
        if (_stopping.IsCancellationRequested || _endpoint.ConnectionCount >= MaxConnections)
        {
            return null;
        }
        var local = QuicShim.ToAddress(new IPEndPoint(remote.AddressFamily == AddressFamily.InterNetworkV6 ? IPAddress.IPv6Loopback : LocalEndPoint.Address, LocalEndPoint.Port));
        var remoteAddress = QuicShim.ToAddress(remote);
        IntPtr native = IntPtr.Zero;
        var rv = NgQuicOptions.WithConfig(_options, server: true, remote, (in QuicShim.Config config) =>
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
        var serving = new QuicServerConnection(connection, _requests, _options, _stopping.Token).RunAsync();
        _serving[serving] = 0;
        _ = serving.ContinueWith(t => _serving.TryRemove(t, out _), TaskScheduler.Default);
        return connection;
    }

    /// <summary>Stops as a crashed process would: the clients hear nothing more.</summary>
    internal void Kill()
    {
        _stopping.Cancel();
        _endpoint.Kill();
    }

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _endpoint.Dispose();
        await Task.WhenAll(_serving.Keys).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }
}
