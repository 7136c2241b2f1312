using System.Net;
using System.Net.Sockets;
using WasmActors.Transport.Server;

namespace WasmActors.Transport.Tcp;

/// <summary>The TCP page server: one listener, one task per connection.</summary>
internal sealed class TcpPageServer(Socket listener, PageRegistry registry, PageTransportOptions options)
    : PageServerBase<TcpServerConnection>(registry, options)
{
    private readonly Socket _listener = listener;

    public override IPEndPoint LocalEndPoint { get; } = (IPEndPoint)listener.LocalEndPoint!;

    public static IPageServer Start(IPEndPoint endpoint, PageRegistry registry, PageTransportOptions options)
    {
        options.Validate();
        if (!options.TcpUseTls && options.Trust is not null)
        {
            throw new ArgumentException("a page server that authenticates its clients (PageTransportOptions.Trust) needs TLS");
        }
        if (options.TcpUseTls && options.Certificate is null)
        {
            throw new ArgumentException("a TLS page server needs PageTransportOptions.Certificate");
        }
        var listener = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        try
        {
            listener.Bind(endpoint);
            listener.Listen(512);
        }
        catch
        {
            listener.Dispose();
            throw;
        }
        var server = new TcpPageServer(listener, registry, options);
        server.StartAccepting(server.AcceptAsync, connection => Task.Run(connection.RunAsync));
        return server;
    }

    /// <summary>The next connection, or null when one more would pass <see cref="PageServerBase{T}.MaxConnections"/>.</summary>
    private async ValueTask<TcpServerConnection?> AcceptAsync(CancellationToken stopping)
    {
        var socket = await _listener.AcceptAsync(stopping).ConfigureAwait(false);
        if (ConnectionCount >= MaxConnections)
        {
            socket.Dispose();
            return null;
        }
        TcpSocketSetup.Configure(socket, Options);
        return new TcpServerConnection(socket, Requests, Options, stopping);
    }

    /// <summary>Drops every connection with a TCP reset and stops listening, as a crashed process would.</summary>
    internal void Abort()
    {
        _listener.Close();
        foreach (var connection in Connections)
        {
            try
            {
                connection.Socket.LingerState = new LingerOption(true, 0);
                connection.Socket.Close();
            }
            catch (ObjectDisposedException)
            {
            }
        }
    }

    protected override ValueTask StopListeningAsync()
    {
        _listener.Dispose();
        foreach (var connection in Connections)
        {
            connection.Close();
        }
        return ValueTask.CompletedTask;
    }
}
