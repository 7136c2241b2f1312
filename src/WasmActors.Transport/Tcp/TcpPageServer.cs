using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using WasmActors.Transport.Server;

namespace WasmActors.Transport.Tcp;

/// <summary>The TCP page server: one listener, one task per connection.</summary>
internal sealed class TcpPageServer : IPageServer
{
    /// <summary>Connections one server holds at once; more are closed as they arrive.</summary>
    private const int MaxConnections = 4096;

    private readonly Socket _listener;
    private readonly PageRequestServer _requests;
    private readonly PageTransportOptions _options;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<TcpServerConnection, Task> _connections = new();
    private readonly Task _acceptLoop;

    private TcpPageServer(Socket listener, PageRegistry registry, PageTransportOptions options)
    {
        _listener = listener;
        _options = options;
        _requests = new PageRequestServer(registry, options);
        LocalEndPoint = (IPEndPoint)listener.LocalEndPoint!;
        _acceptLoop = Task.Run(AcceptLoopAsync);
    }

    public IPEndPoint LocalEndPoint { get; }

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
        return new TcpPageServer(listener, registry, options);
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stopping.IsCancellationRequested)
        {
            Socket socket;
            try
            {
                socket = await _listener.AcceptAsync(_stopping.Token).ConfigureAwait(false);
            }
            catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }
            if (_connections.Count >= MaxConnections)
            {
                socket.Dispose();
                continue;
            }
            TcpSocketSetup.Configure(socket, _options);
            var connection = new TcpServerConnection(socket, _requests, _options, _stopping.Token);
            _connections[connection] = Task.Run(async () =>
            {
                try
                {
                    await connection.RunAsync().ConfigureAwait(false);
                }
                finally
                {
                    _connections.TryRemove(connection, out _);
                }
            });
        }
    }

    /// <summary>Drops every connection with a TCP reset and stops listening, as a crashed process would.</summary>
    internal void Abort()
    {
        _listener.Close();
        foreach (var connection in _connections.Keys)
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

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        _listener.Dispose();
        foreach (var connection in _connections.Keys)
        {
            connection.Close();
        }
        await _acceptLoop.ConfigureAwait(false);
        await Task.WhenAll(_connections.Values).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }
}
