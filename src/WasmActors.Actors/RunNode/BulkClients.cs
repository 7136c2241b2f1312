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

    public Task<IPageClient> GetAsync(BulkEndpoint endpoint) =>
        _clients.GetOrAdd(NameOf(endpoint), _ => new Lazy<Task<IPageClient>>(() => ConnectAsync(endpoint))).Value;

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
