using System.Collections.Concurrent;
using System.Net;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Messages;
using WasmActors.Transport;
using WasmActors.Transport.Ngtcp2;
using WasmActors.Transport.Tcp;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// A run node's connections to memory nodes' bulk page servers, one per endpoint, opened on first use, with the
/// credentials and pins <see cref="BulkPathSecurity"/> decides (which it owns).
/// </summary>
internal sealed class BulkClients(WasmActorsSettings settings, BulkPathSecurity security) : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<IPageClient>>> _clients = new(StringComparer.Ordinal);

    public bool Enabled => settings.Bulk.Enabled;

    /// <summary>
    /// The connection to <paramref name="endpoint"/>, made on first use. It is made from a thread-pool thread, not the
    /// caller's: the connection's I/O thread is made with it, and a Linux thread inherits its maker's nice value, so
    /// one made by a low-priority prefetch (or a guest's engine thread) would serve every page fault below the guests.
    /// </summary>
    public Task<IPageClient> GetAsync(BulkEndpoint endpoint) =>
        _clients.GetOrAdd(NameOf(endpoint), _ => new Lazy<Task<IPageClient>>(() => Task.Run(() => ConnectAsync(endpoint)))).Value;

    /// <summary>Forgets a failed connection so the next fault tries again.</summary>
    public void Forget(BulkEndpoint endpoint) => _clients.TryRemove(NameOf(endpoint), out _);

    /// <summary>The endpoint as <c>transport://host:port</c>: one connection each, and how logs name it.</summary>
    public static string NameOf(BulkEndpoint endpoint) => $"{endpoint.Transport}://{endpoint.Host}:{endpoint.Port}";

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients.Values.Where(c => c.IsValueCreated && c.Value.IsCompletedSuccessfully))
        {
            await client.Value.Result.DisposeAsync();
        }

        security.Dispose();
    }

    private Task<IPageClient> ConnectAsync(BulkEndpoint endpoint)
    {
        IPageTransport transport = endpoint.Transport == "quic" ? new NgQuicPageTransport() : new TcpPageTransport();
        return transport.ConnectAsync(new IPEndPoint(IPAddress.Parse(endpoint.Host), endpoint.Port), security.ClientOptions(settings, endpoint));
    }
}
