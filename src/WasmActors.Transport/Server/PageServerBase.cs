using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace WasmActors.Transport.Server;

/// <summary>The connection bookkeeping every backend's server shares, as <see cref="Client.PageClientBase"/> is for
/// clients: the request server, the stop signal, the connections being served and the accept loop. A backend only
/// listens, accepts one connection and closes what it holds.</summary>
internal abstract class PageServerBase<TConnection>(PageRegistry registry, PageTransportOptions options) : IPageServer
    where TConnection : class
{
    /// <summary>Connections one server holds at once, where the backend bounds them.</summary>
    protected const int MaxConnections = 4096;

    private readonly CancellationTokenSource _stopping = new();

    // Keyed by the serving task, so a backend that knows no connection object until it runs still tracks it.
    private readonly ConcurrentDictionary<Task, TConnection> _serving = new();
    private Task? _acceptLoop;

    public abstract IPEndPoint LocalEndPoint { get; }

    protected PageTransportOptions Options { get; } = options;

    protected PageRequestServer Requests { get; } = new(registry, options);

    /// <summary>Cancelled when the server stops; each connection ends with it.</summary>
    protected CancellationToken Stopping => _stopping.Token;

    protected bool IsStopping => _stopping.IsCancellationRequested;

    protected int ConnectionCount => _serving.Count;

    protected IEnumerable<TConnection> Connections => _serving.Values;

    /// <summary>Signals every connection to stop without waiting for them.</summary>
    protected void SignalStop() => _stopping.Cancel();

    /// <summary>Holds <paramref name="connection"/> until <paramref name="serving"/> ends, so disposal waits for it.</summary>
    protected void Track(TConnection connection, Task serving)
    {
        _serving[serving] = connection;
        _ = serving.ContinueWith(t => _serving.TryRemove(t, out _), TaskScheduler.Default);
    }

    /// <summary>
    /// Accepts and serves connections until the server stops or its listener closes. <paramref name="accept"/>
    /// returns null for an arrival it turned away (a failed handshake, one connection too many); the loop goes on.
    /// Call once, when the backend's own fields are set.
    /// </summary>
    protected void StartAccepting(Func<CancellationToken, ValueTask<TConnection?>> accept, Func<TConnection, Task> serve) =>
        _acceptLoop = Task.Run(async () =>
        {
            while (!_stopping.IsCancellationRequested)
            {
                TConnection? connection;
                try
                {
                    connection = await accept(_stopping.Token).ConfigureAwait(false);
                }
                catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
                {
                    return;
                }

                if (connection is not null)
                {
                    Track(connection, serve(connection));
                }
            }
        });

    /// <summary>Stops listening and closes what the backend holds; the connections then end on their own.</summary>
    protected abstract ValueTask StopListeningAsync();

    public async ValueTask DisposeAsync()
    {
        _stopping.Cancel();
        await StopListeningAsync().ConfigureAwait(false);
        if (_acceptLoop is not null)
        {
            await _acceptLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }

        await Task.WhenAll(_serving.Keys).WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }
}
