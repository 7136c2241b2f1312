using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// A real cluster in this process, from the repository's hocon files: one or more memory nodes (each with its QUIC
/// bulk server), run nodes run-1 and run-2, and an orchestrator member — separate ActorSystems talking over
/// Akka.Remote on loopback.
/// </summary>
internal sealed class BenchCluster : IAsyncDisposable
{
    private readonly List<WasmActorsNode> _nodes = [];

    private readonly TemporaryClusterCertificate _certificate;

    private BenchCluster(ActorSystem orchestrator, TemporaryClusterCertificate certificate)
    {
        Orchestrator = orchestrator;
        _certificate = certificate;
    }

    public ActorSystem Orchestrator { get; }

    public OrchestratorClient Client { get; private set; } = null!;

    public string? BulkTransport { get; private set; }

    /// <summary>The members that are nodes (memory nodes first, then run-1 and run-2), for their settings.</summary>
    public IReadOnlyList<WasmActorsNode> Nodes => _nodes;

    /// <param name="engineThreadNice">
    /// The run nodes' wasmactors.run-node.engine-thread-nice. The benchmark runs them as dedicated run nodes (19):
    /// forks of the counter compute flat out, and at normal priority a hundred of them leave the threads that start
    /// the next forks and carry the replies a sliver of two cores. On a machine shared with other CPU-bound work
    /// (a test run), 0: niced guests there barely run at all.
    /// </param>
    /// <param name="memoryNodes">
    /// Memory nodes memory-1, memory-2, …; wasmactors.memory-node.replicas is that number, so every snapshot is held by
    /// all of them before it is acknowledged (docs/adr-022-snapshot-replication.md), and one alone does not warn that it
    /// is alone.
    /// </param>
    /// <remarks>
    /// Every member, the orchestrator included, is made by <see cref="WasmActorsSystem"/>: where the hocon files turn
    /// remote TLS on, the cluster speaks it, with a certificate of its own made for the run in a temporary folder (the
    /// operator's cluster/cluster.pfx is neither needed nor read).
    /// </remarks>
    public static async Task<BenchCluster> StartAsync(string hoconDirectory, TimeSpan timeout, int engineThreadNice = 19, int memoryNodes = 1)
    {
        var certificate = TemporaryClusterCertificate.Create("wasmactors-bench-");
        WasmActorsNode memory;
        ActorSystem orchestrator;
        try
        {
            memory = await WasmActorsNode.StartAsync(certificate.Apply(MemoryNodeConfig(hoconDirectory, "memory-1", memoryNodes)));
        }
        catch
        {
            certificate.Dispose();
            throw;
        }

        try
        {
            orchestrator = WasmActorsSystem.Create(certificate.Apply(
                ConfigurationFactory.ParseString("akka.cluster.roles = [orchestrator]").WithFallback(NodeConfig(hoconDirectory, "client.conf", "bench"))));
        }
        catch
        {
            await memory.DisposeAsync();
            certificate.Dispose();
            throw;
        }

        memory.Join(memory.Address);
        var cluster = new BenchCluster(orchestrator, certificate);
        cluster._nodes.Add(memory);
        cluster.BulkTransport = memory.BulkTransport;
        try
        {
            for (var i = 2; i <= memoryNodes; i++)
            {
                var node = await WasmActorsNode.StartAsync(certificate.Apply(MemoryNodeConfig(hoconDirectory, $"memory-{i}", memoryNodes)));
                node.Join(memory.Address);
                cluster._nodes.Add(node);
            }

            foreach (var name in new[] { "run-1", "run-2" })
            {
                var node = await WasmActorsNode.StartAsync(certificate.Apply(
                    ConfigurationFactory.ParseString($"wasmactors.run-node.engine-thread-nice = {engineThreadNice}")
                        .WithFallback(NodeConfig(hoconDirectory, "run-node.conf", name))));
                node.Join(memory.Address);
                cluster._nodes.Add(node);
            }

            Cluster.Get(cluster.Orchestrator).Join(memory.Address);
            await Task.WhenAll(cluster._nodes.Select(n => n.WhenUpAsync(timeout)));
            cluster.Client = new OrchestratorClient(cluster.Orchestrator, timeout);
            var deadline = DateTime.UtcNow + timeout;
            while ((await cluster.Client.RunNodesAsync()).Count < 2 || (await cluster.Client.MemoryNodesAsync()).Count < memoryNodes)
            {
                if (DateTime.UtcNow > deadline)
                {
                    throw new TimeoutException("the in-process cluster did not come up");
                }

                await Task.Delay(50);
            }

            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    private static Config MemoryNodeConfig(string hoconDirectory, string name, int memoryNodes) =>
        ConfigurationFactory.ParseString($"wasmactors.memory-node.replicas = {memoryNodes}").WithFallback(NodeConfig(hoconDirectory, "memory-node.conf", name));

    private static Config NodeConfig(string hoconDirectory, string file, string name) =>
        ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp.port = 0
            akka.cluster.seed-nodes = []
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            akka.log-dead-letters = off
            wasmactors.node-name = {{name}}
            wasmactors.bulk.port = 0
            # Restores that copy a whole 64 MiB snapshot before the first instruction take seconds on a loaded machine.
            wasmactors.page-fault-timeout = 60s
            wasmactors.ask-timeout = 60s
            # All nodes share two cores with the measurements: a heartbeat late by a few seconds is load, not a crash.
            akka.cluster.failure-detector.acceptable-heartbeat-pause = 15s
            """)
            .WithFallback(WasmActorsConfig.FromFile(Path.Combine(hoconDirectory, file)));

    public async ValueTask DisposeAsync()
    {
        await Orchestrator.Terminate().WaitAsync(TimeSpan.FromSeconds(20)).ConfigureAwait(false);
        foreach (var node in Enumerable.Reverse(_nodes))
        {
            await node.DisposeAsync();
        }

        _certificate.Dispose();
    }
}
