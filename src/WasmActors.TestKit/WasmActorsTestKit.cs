using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using Xunit;
using Xunit.Abstractions;

namespace WasmActors.TestKit;

/// <summary>
/// An Akka.TestKit (xunit) base class with a whole cluster in one process: a memory node and
/// <see cref="RunNodeCount"/> run nodes started from hocon/memory-node.conf and hocon/run-node.conf (random
/// loopback ports, messages serialised even between local actors, Akka.Remote over TLS with a
/// <see cref="TestClusterCertificate"/>), and the test's own ActorSystem joined as the orchestrator. Helpers
/// deploy, snapshot, fork and migrate programs and wait for their output.
/// </summary>
public abstract class WasmActorsTestKit : Akka.TestKit.Xunit2.TestKit, IAsyncLifetime
{
    private readonly List<WasmActorsNode> _runNodes = [];

    protected WasmActorsTestKit(ITestOutputHelper? output = null, string? extraConfig = null)
        : base(WasmActorsSystem.Setup(OrchestratorConfig(extraConfig)), WasmActorsNode.SystemName, output)
    {
        ExtraConfig = extraConfig ?? "";
    }

    /// <summary>How many run nodes to start (override for more); they are named run-1, run-2, …</summary>
    protected virtual int RunNodeCount => 1;

    /// <summary>How long cluster start-up and each helper may take.</summary>
    protected virtual TimeSpan Timeout => TimeSpan.FromSeconds(30);

    protected string ExtraConfig { get; }

    protected WasmActorsNode Memory { get; private set; } = null!;

    protected IReadOnlyList<WasmActorsNode> RunNodes => _runNodes;

    protected OrchestratorClient Orchestrator { get; private set; } = null!;

    /// <summary>
    /// Test settings layered over a node file: random ports, no fixed seeds, serialised messages (with Akka's json
    /// serializer for Akka's internal ones), remote TLS with the shared test certificate (<paramref name="extra"/> may turn it off). Start systems from it with
    /// <see cref="WasmActorsNode.StartAsync"/> or <see cref="WasmActorsSystem.Create"/>, which apply the TLS setup.
    /// </summary>
    public static Config NodeConfig(string hoconFile, string nodeName, string? extra = null) =>
        ConfigurationFactory.ParseString($$"""
            akka.remote.dot-netty.tcp.port = 0
            akka.cluster.seed-nodes = []
            akka.actor.serialize-messages = on
            # Verifying local messages also round-trips Akka's own internal ones, which only Akka's json serializer
            # carries; so test clusters keep it, while nodes started from the HOCON files refuse it (RefusingSerializer).
            akka.actor.serializers.json = "Akka.Serialization.NewtonSoftJsonSerializer, Akka"
            wasmactors.node-name = {{nodeName}}
            wasmactors.bulk.port = 0
            wasmactors.page-fault-timeout = 3s
            # Short-lived test clusters on shared cores: generating every message serializer up front costs each
            # node about half a second of CPU, more than a test's messages take to generate as they come.
            wasmactors.serializer-warm-up = off
            # Likewise the run node's warm-up program (tested on its own).
            wasmactors.run-node.warm-up = off
            {{TestClusterCertificate.RemoteTlsConfig(TestClusterCertificate.Path)}}
            {{extra}}
            """)
            .WithFallback(WasmActorsConfig.FromText(TestKitFiles.Hocon(hoconFile)));

    /// <summary>The test's own system: an orchestrator member of the cluster.</summary>
    public static Config OrchestratorConfig(string? extra = null) =>
        ConfigurationFactory.ParseString("akka.cluster.roles = [orchestrator]").WithFallback(NodeConfig("client.conf", "orchestrator", extra));

    public virtual async Task InitializeAsync()
    {
        Memory = await WasmActorsNode.StartAsync(NodeConfig("memory-node.conf", "memory-1", ExtraConfig));
        Memory.Join(Memory.Address);
        for (var i = 1; i <= RunNodeCount; i++)
        {
            var node = await WasmActorsNode.StartAsync(NodeConfig("run-node.conf", $"run-{i}", ExtraConfig));
            node.Join(Memory.Address);
            _runNodes.Add(node);
        }

        Cluster.Get(Sys).Join(Memory.Address);
        await Task.WhenAll(_runNodes.Append(Memory).Select(n => n.WhenUpAsync(Timeout)));
        var expected = RunNodeCount + 2;
        await AwaitConditionAsync(
            () => Task.FromResult(Cluster.Get(Sys).State.Members.Count(m => m.Status == MemberStatus.Up) == expected),
            Timeout);
        Orchestrator = new OrchestratorClient(Sys, Timeout);
        await AwaitConditionAsync(async () => (await Orchestrator.RunNodesAsync()).Count == RunNodeCount, Timeout);
    }

    public virtual async Task DisposeAsync()
    {
        foreach (var node in _runNodes.Append(Memory).Where(n => n is not null))
        {
            await node.DisposeAsync();
        }
    }

    /// <summary>Deploys a sample (samples/NAME.wasm) and returns its instance with an output collector as owner.</summary>
    protected async Task<(Deployed Deployed, ProgramOutput Output)> DeploySampleAsync(string sample, IReadOnlyList<string>? arguments = null, string? node = null, ProgramLimits? limits = null)
    {
        var output = new ProgramOutput(Sys);
        var deployed = await Orchestrator.DeployAsync(TestKitFiles.Sample(sample), sample, arguments, null, output.Ref, node, limits: limits);
        return (deployed, output);
    }

    protected Task<SnapshotTaken> SnapshotAsync(string instanceId, bool leavePaused = false) => Orchestrator.SnapshotAsync(instanceId, leavePaused);

    protected async Task<(Forked Forked, ProgramOutput Output)> ForkAsync(string snapshotId, CopyMode mode = CopyMode.Cow, Granularity granularity = Granularity.Mixture, int count = 1, string? node = null, ProgramLimits? limits = null)
    {
        var output = new ProgramOutput(Sys);
        var forked = await Orchestrator.ForkAsync(snapshotId, granularity, mode, count, output.Ref, node, limits: limits);
        return (forked, output);
    }

    protected Task<Migrated> MigrateAsync(string instanceId, string targetNode) => Orchestrator.MigrateAsync(instanceId, targetNode);

    /// <summary>Waits for the program to end and returns how (exit, trap or stop).</summary>
    protected Task<IWasmActorsMessage> AwaitEndAsync(ProgramOutput output) => output.Ended.WaitAsync(Timeout);

    /// <summary>Runs a sample to its end locally with the same engine (no actors): the reference output.</summary>
    protected static string RunLocally(string sample, params string[] arguments) => LocalRun.Stdout(TestKitFiles.Sample(sample), sample, arguments);
}
