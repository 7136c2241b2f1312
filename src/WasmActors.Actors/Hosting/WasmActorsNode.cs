using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.MemoryNode;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// One cluster node from HOCON, in an ActorSystem of its own named <see cref="SystemName"/> (in-process clusters,
/// tests, the demo); its roles are <see cref="NodeRoles"/>. Applications that own their ActorSystem add the roles
/// through <see cref="WasmActorsHostingExtensions"/> instead. Disposing leaves the cluster and shuts down (CoordinatedShutdown).
/// </summary>
public sealed class WasmActorsNode : IAsyncDisposable
{
    public const string SystemName = "wasmactors";

    private NodeRoles? _roles;

    private WasmActorsNode(ActorSystem system)
    {
        System = system;
        Settings = WasmActorsExtension.Get(system).Settings;
    }

    public ActorSystem System { get; }

    public WasmActorsSettings Settings { get; }

    public Address Address => Cluster.Get(System).SelfAddress;

    public string Name => Settings.NodeName;

    /// <summary>What this node's memory role has served (zero without one).</summary>
    internal MemoryNodeCounters MemoryCounters => Roles.MemoryCounters;

    /// <summary>The bulk page server's transport ("quic"/"tcp"), or null when this node serves none.</summary>
    public string? BulkTransport => Roles.BulkTransport;

    /// <summary>Where this node's bulk page server listens (what its snapshot references announce), or null.</summary>
    internal Messages.BulkEndpoint? BulkEndpoint => Roles.BulkEndpoint;

    private NodeRoles Roles => _roles ?? throw new InvalidOperationException("the node's roles have not started");

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
            node._roles = await NodeRoles.StartAsync(system, cancellationToken);
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
        if (_roles is not null)
        {
            await _roles.DisposeAsync();
        }
    }
}
