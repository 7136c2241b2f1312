using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.MemoryNode;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// One cluster node from HOCON: an ActorSystem named <see cref="SystemName"/> whose roles (akka.cluster.roles)
/// decide what it hosts — "memory": the snapshot registry and the bulk page server; "run": the run node;
/// "seed": nothing but membership. Every node runs a <see cref="ClusterDirectoryActor"/> for clients. Disposing leaves the cluster and shuts down (CoordinatedShutdown).
/// </summary>
public sealed class WasmActorsNode : IAsyncDisposable
{
    public const string SystemName = "wasmactors";

    private BulkPageServer? _bulk;

    private WasmActorsNode(ActorSystem system)
    {
        System = system;
        Settings = WasmActorsExtension.Get(system).Settings;
    }

    public ActorSystem System { get; }

    public WasmActorsSettings Settings { get; }

    public Address Address => Cluster.Get(System).SelfAddress;

    public string Name => Settings.NodeName;

    public MemoryNodeCounters MemoryCounters { get; } = new();

    /// <summary>The bulk page server's transport ("quic"/"tcp"), or null when this node serves none.</summary>
    public string? BulkTransport => _bulk?.Endpoint.Transport;

    /// <summary>Where this node's bulk page server listens (what its snapshot references announce), or null.</summary>
    internal Messages.BulkEndpoint? BulkEndpoint => _bulk?.Endpoint;

    /// <summary>
    /// Starts a node. With <paramref name="join"/> it joins that address (in-process clusters whose ports are
    /// picked at random); otherwise akka.cluster.seed-nodes from the configuration apply. With wasmactors.remote-tls
    /// on, Akka.Remote runs over TLS with the pinned cluster certificate (see <see cref="WasmActorsSystem"/>).
    /// </summary>
    public static async Task<WasmActorsNode> StartAsync(Config config, Address? join = null, CancellationToken cancellationToken = default)
    {
        var system = WasmActorsSystem.Create(config, SystemName);
        var node = new WasmActorsNode(system);
        try
        {
            var roles = node.Settings.Roles;
            BulkPathSecurity.Validate(system.Settings.Config, node.Settings.Bulk);
            if (roles.Contains("memory"))
            {
                var bulk = node.Settings.Bulk.Enabled ? await BulkPageServer.StartAsync(node.Settings, BulkPathSecurity.For(system, node.Settings.Bulk), node.MemoryCounters, cancellationToken) : null;
                node._bulk = bulk;
                system.ActorOf(SnapshotStoreActor.Props(node.Settings, node.MemoryCounters, bulk?.Endpoint, bulk is null ? null : bulk.Register, bulk is null ? null : bulk.Unregister), SnapshotStoreActor.Name);
            }

            if (roles.Contains("run"))
            {
                system.ActorOf(RunNodeActor.Props(node.Settings), RunNodeActor.Name);
            }

            // Clients that are not members reach the cluster through any node's receptionist (ADR-018).
            ClusterClientReceptionist.Get(system).RegisterService(system.ActorOf(ClusterDirectoryActor.Props(), ClusterDirectoryActor.Name));
            if (join is not null)
            {
                Cluster.Get(system).Join(join);
            }

            return node;
        }
        catch
        {
            await node.DisposeAsync();
            throw;
        }
    }

    /// <summary>Joins the cluster at <paramref name="seed"/> (this node's own address to found one).</summary>
    public void Join(Address seed) => Cluster.Get(System).Join(seed);

    /// <summary>Completes when this node is Up in the cluster.</summary>
    public Task WhenUpAsync(TimeSpan timeout)
    {
        var up = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Cluster.Get(System).RegisterOnMemberUp(() => up.TrySetResult());
        return up.Task.WaitAsync(timeout);
    }

    public async ValueTask DisposeAsync()
    {
        await CoordinatedShutdown.Get(System).Run(CoordinatedShutdown.ClrExitReason.Instance).WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        if (_bulk is not null)
        {
            await _bulk.DisposeAsync();
        }
    }
}
