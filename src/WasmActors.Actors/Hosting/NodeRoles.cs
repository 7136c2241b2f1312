using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Event;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.MemoryNode;
using WasmActors.Actors.RunNode;
using WasmActors.Actors.Telemetry;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// The roles one ActorSystem hosts, by akka.cluster.roles — "memory": the snapshot registry and the bulk page server;
/// "run": the run node; "seed": nothing but membership; and on every node the directory clients reach through the
/// receptionist (ADR-018). Started the same way on a system this library made
/// (<see cref="WasmActorsNode"/>) and on an application's own (<see cref="WasmActorsHostingExtensions"/>); the
/// bulk server and the HTTP endpoints (wasmactors.metrics, wasmactors.health) close when the system shuts down.
/// </summary>
internal sealed class NodeRoles : IAsyncDisposable
{
    private BulkPageServer? _bulk;
    private ReplicaBulkPath? _copies;
    private OpenTelemetry.Metrics.MeterProvider? _prometheus;
    private Health.HealthEndpoint? _health;
    private Dashboard.DashboardServer? _dashboard;
    private int _disposed;

    private NodeRoles(WasmActorsSettings settings)
    {
        Settings = settings;
        RunCounters = new RunNodeCounters(settings.NodeName);
        DecodedModules = new Snapshot.Restore.ModuleCache(settings.RunNode.DecodedModuleCacheBytes);
    }

    public WasmActorsSettings Settings { get; }

    /// <summary>What this node's memory role has served (zero without one).</summary>
    public MemoryNodeCounters MemoryCounters { get; } = new();

    /// <summary>What this node's run role has done (zero without one).</summary>
    internal RunNodeCounters RunCounters { get; }

    /// <summary>The run role's decoded modules of snapshots, for its forks and prefetches (empty without one).</summary>
    internal Snapshot.Restore.ModuleCache DecodedModules { get; }

    /// <summary>The bulk page server's transport ("quic"/"tcp"), or null when this node serves none.</summary>
    public string? BulkTransport => _bulk?.Endpoint.Transport;

    /// <summary>Serves http://…/health/live and /health/ready when wasmactors.health.port is set.</summary>
    public bool ServesHealth => _health is not null;

    /// <summary>Where this node's bulk page server listens (what its snapshot references announce), or null.</summary>
    internal Messages.BulkEndpoint? BulkEndpoint => _bulk?.Endpoint;

    /// <summary>The roles started on <paramref name="system"/>, or null before <see cref="StartAsync"/> ran there.</summary>
    public static NodeRoles? Of(ActorSystem system) => RolesExtension.Get(system).Roles;

    /// <summary>
    /// Starts the roles <paramref name="system"/>'s configuration names. Throws <see cref="Akka.Configuration.ConfigurationException"/>
    /// for settings that cannot work together (e.g. a bulk path without TLS on a TLS cluster).
    /// </summary>
    public static async Task<NodeRoles> StartAsync(ActorSystem system, CancellationToken cancellationToken = default)
    {
        var settings = WasmActorsExtension.Get(system).Settings;
        var roles = new NodeRoles(settings);
        try
        {
            BulkPathSecurity.Validate(system.Settings.Config, settings.Bulk);
            var endpoints = OpsEndpointSettings.Read(system.Settings.Config);
            if (endpoints.PrometheusPort is { } metricsPort)
            {
                roles._prometheus = PrometheusEndpoint.Start(settings.NodeName, endpoints.MetricsHostname, metricsPort);
            }

            if (endpoints.HealthPort is { } healthPort)
            {
                roles._health = Health.HealthEndpoint.Start(system, endpoints.HealthHostname, healthPort);
            }

            if (endpoints.DashboardPort is { } dashboardPort)
            {
                roles._dashboard = Dashboard.DashboardServer.Start(new Orchestration.OrchestratorClient(system, settings.AskTimeout), endpoints.DashboardHostname, dashboardPort);
                system.Log.Info("dashboard at {0} (the token in its fragment lets the page fork, migrate, snapshot and stop)", roles._dashboard.AddressWithToken);
            }

            if (settings.Roles.Contains("memory"))
            {
                var bulk = settings.Bulk.Enabled ? await BulkPageServer.StartAsync(settings, BulkPathSecurity.For(system, settings.Bulk), roles.MemoryCounters, cancellationToken) : null;
                roles._bulk = bulk;
                // Copies to and from other memory nodes take the bulk path too (ADR-022).
                roles._copies = bulk is null ? null : new ReplicaBulkPath(bulk, new BulkClients(settings, BulkPathSecurity.For(system, settings.Bulk)), roles.MemoryCounters);
                var disk = OpenedStore.Open(settings.MemoryNode);
                system.ActorOf(SnapshotStoreActor.Props(settings, roles.MemoryCounters, bulk?.Endpoint, bulk is null ? null : bulk.Register, bulk is null ? null : bulk.Unregister, disk, roles._copies), SnapshotStoreActor.Name);
                WasmActorsMetrics.Track(settings.NodeName, roles.MemoryCounters);
            }

            if (settings.Roles.Contains("run"))
            {
                system.ActorOf(RunNodeActor.Props(settings, roles.RunCounters, roles.DecodedModules), RunNodeActor.Name);
                WasmActorsMetrics.Track(settings.NodeName, roles.RunCounters);
            }

            // Clients that are not members reach the cluster through any node's receptionist (ADR-018).
            ClusterClientReceptionist.Get(system).RegisterService(system.ActorOf(ClusterDirectoryActor.Props(), ClusterDirectoryActor.Name));
        }
        catch
        {
            await roles.DisposeAsync();
            throw;
        }

        RolesExtension.Get(system).Roles = roles;
        CoordinatedShutdown.Get(system).AddTask(CoordinatedShutdown.PhaseActorSystemTerminate, "wasmactors-bulk-server", async () =>
        {
            await roles.DisposeAsync();
            return Akka.Done.Instance;
        });
        return roles;
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        WasmActorsMetrics.Forget(Settings.NodeName, MemoryCounters);
        WasmActorsMetrics.Forget(Settings.NodeName, RunCounters);
        _prometheus?.Dispose();
        _health?.Dispose();
        _dashboard?.Dispose();
        if (_copies is not null)
        {
            await _copies.DisposeAsync();
        }

        if (_bulk is not null)
        {
            await _bulk.DisposeAsync();
        }
    }

    /// <summary>Keeps the roles started on a system findable from it (health checks, metrics).</summary>
    private sealed class RolesExtension : IExtension
    {
        public NodeRoles? Roles { get; set; }

        public static RolesExtension Get(ActorSystem system) => system.WithExtension<RolesExtension, Provider>();

        private sealed class Provider : ExtensionIdProvider<RolesExtension>
        {
            public override RolesExtension CreateExtension(ExtendedActorSystem system) => new();
        }
    }
}
