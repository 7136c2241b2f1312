using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Actors.RunNode;
using WasmActors.Actors.Serialization;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Akka.Remote over TLS between real ActorSystems on loopback: nodes sharing the cluster certificate form a cluster
/// and exchange WasmActors messages; a node with another certificate, or without TLS, gets neither in.
/// </summary>
public sealed class RemoteTlsClusterTests : IAsyncLifetime
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    // How long a refused node is given to join or get a reply: a bound on the wait, not a measurement. A node
    // that is let in is Up in well under a second here.
    private static readonly TimeSpan RefusalBound = TimeSpan.FromSeconds(5);

    private readonly List<WasmActorsNode> _nodes = [];

    private WasmActorsNode _memory = null!;

    private WasmActorsNode _run = null!;

    public async Task InitializeAsync()
    {
        _memory = await StartAsync("memory-node.conf", "memory-1");
        _memory.Join(_memory.Address);
        _run = await StartAsync("run-node.conf", "run-1");
        _run.Join(_memory.Address);
        await Task.WhenAll(_memory.WhenUpAsync(Timeout), _run.WhenUpAsync(Timeout));
    }

    public async Task DisposeAsync()
    {
        foreach (var node in Enumerable.Reverse(_nodes))
        {
            await node.DisposeAsync();
        }
    }

    [Fact]
    public async Task NodesSharingTheClusterCertificateFormAClusterAndExchangeMessages()
    {
        Assert.Equal("akka.ssl.tcp", _memory.Address.Protocol);
        Assert.Equal("akka.ssl.tcp", _run.Address.Protocol);

        var client = new OrchestratorClient(_memory.System, Timeout);
        var runNodes = await client.RunNodesAsync();
        Assert.Equal("run-1", Assert.Single(runNodes).Name);
        Assert.Equal(_run.Address, runNodes[0].Address);

        var stats = await client.StatsAsync(); // GetNodeStats / NodeStats across the TLS connection both ways
        Assert.Contains(stats, s => s.Node == "run-1" && s.Roles.Contains("run"));
    }

    [Fact]
    public async Task ANodeWithAnotherCertificateCanNeitherJoinNorBeAnswered()
    {
        var otherCertificate = TestClusterCertificate.Write(ClusterCertificate.Create(TimeSpan.FromDays(1)));
        var intruder = await StartAsync("run-node.conf", "intruder", TestClusterCertificate.RemoteTlsConfig(otherCertificate));
        var refusals = WarningLoggedBy(ClusterCertificatePin.RefusedMarker, _memory.System, _run.System, intruder.System);

        intruder.Join(_memory.Address);
        var joined = intruder.WhenUpAsync(RefusalBound);
        var answered = intruder.System.ActorSelection(_run.Address + RunNodeActor.Path).Ask<NodeStats>(new GetNodeStats(1), RefusalBound);

        // Both ends of each attempted connection check the other's certificate; whichever looks first logs why.
        Assert.Contains("is not the cluster certificate", await refusals.WaitAsync(Timeout), StringComparison.Ordinal);
        await Assert.ThrowsAsync<AskTimeoutException>(() => answered);
        await Assert.ThrowsAsync<TimeoutException>(() => joined);
        Assert.DoesNotContain(Cluster.Get(_memory.System).State.Members, m => m.Address == intruder.Address);
        Assert.Equal(2, Cluster.Get(_memory.System).State.Members.Count);

        // Akka.Remote 1.5 shuts a system down when a TLS handshake it started fails (docs/adr-008-remote-tls.md);
        // the nodes that refused it carry on and still answer each other.
        await intruder.System.WhenTerminated.WaitAsync(Timeout);
        Assert.False(_memory.System.WhenTerminated.IsCompleted || _run.System.WhenTerminated.IsCompleted);
        Assert.Contains(await new OrchestratorClient(_memory.System, Timeout).StatsAsync(), s => s.Node == "run-1");
    }

    [Fact]
    public async Task APlainTextNodeCannotReachATlsNode()
    {
        var plain = await StartAsync("run-node.conf", "plain", "wasmactors.remote-tls.insecure-plaintext = on");
        Assert.Equal("akka.tcp", plain.Address.Protocol);

        // The TLS node's own port, dialled without TLS: its server expects a TLS handshake and gets Akka frames.
        var tlsPortInPlainText = new Address("akka.tcp", WasmActorsNode.SystemName, _memory.Address.Host, _memory.Address.Port);
        var rejected = WarningLoggedBy("due to TLS handshake failure", _memory.System); // Akka.Remote 1.5's server-side message
        plain.Join(tlsPortInPlainText);
        var joined = plain.WhenUpAsync(RefusalBound);
        var answered = plain.System.ActorSelection(tlsPortInPlainText + RunNodeActor.Path).Ask<NodeStats>(new GetNodeStats(1), RefusalBound);

        Assert.Contains("Rejected incoming connection", await rejected.WaitAsync(Timeout), StringComparison.Ordinal);
        await Assert.ThrowsAsync<AskTimeoutException>(() => answered);
        await Assert.ThrowsAsync<TimeoutException>(() => joined);
        Assert.DoesNotContain(Cluster.Get(_memory.System).State.Members, m => m.Address.Port == plain.Address.Port);
        Assert.Equal(2, Cluster.Get(_memory.System).State.Members.Count);
        Assert.False(_memory.System.WhenTerminated.IsCompleted);
    }

    [Fact]
    public async Task APayloadTaggedForTheJsonSerializerIsRefusedAndBuildsNothing()
    {
        // A peer that holds the cluster certificate (a tenant, or a stolen key) and has put Akka's stock json
        // serializer back (Newtonsoft with TypeNameHandling.All, which builds whatever type a payload names).
        var peer = WasmActorsSystem.Create(WasmActorsTestKit.NodeConfig("client.conf", "json-peer", """
            akka.actor.serializers.json = "Akka.Serialization.NewtonSoftJsonSerializer, Akka"
            wasmactors.bulk.enabled = off
            """));
        // A run node as the HOCON files make it: Akka's json serializer replaced, local messages not re-serialised.
        var run = await StartAsync("run-node.conf", "run-2", """
            akka.actor.serialize-messages = off
            akka.actor.serializers.json = "WasmActors.Actors.Serialization.RefusingSerializer, WasmActors.Actors"
            """);
        try
        {
            var runNode = peer.ActorSelection(run.Address + RunNodeActor.Path);
            var sent = new Canary();
            var constructedBefore = Canary.Constructed;
            runNode.Tell(sent);

            // Akka.Remote delivers one association's messages in order: once this is answered, the canary was handled.
            Assert.Equal("run-2", (await runNode.Ask<NodeStats>(new GetNodeStats(1), Timeout)).Node);
            Assert.Equal(constructedBefore, Canary.Constructed);

            Assert.IsType<RefusingSerializer>(run.System.Serialization.FindSerializerForType(typeof(Canary)));
            var payload = peer.Serialization.FindSerializerFor(sent).ToBinary(sent);
            Assert.Throws<System.Runtime.Serialization.SerializationException>(() => run.System.Serialization.Deserialize(payload, RefusingSerializer.Id, typeof(Canary)));
            Assert.Equal(constructedBefore, Canary.Constructed);
        }
        finally
        {
            await peer.Terminate();
        }
    }

    /// <summary>Counts its constructions: any deserialisation of one on a node would add to the count.</summary>
    public sealed class Canary
    {
        private static int _constructed;

        public Canary() => Interlocked.Increment(ref _constructed);

        public static int Constructed => Volatile.Read(ref _constructed);

        public string Note { get; set; } = "a type no node allow-lists";
    }

    private async Task<WasmActorsNode> StartAsync(string hocon, string name, string? extra = null)
    {
        // No bulk page server: these tests are about Akka.Remote only.
        var node = await WasmActorsNode.StartAsync(WasmActorsTestKit.NodeConfig(hocon, name, "wasmactors.bulk.enabled = off\n" + extra));
        _nodes.Add(node);
        return node;
    }

    /// <summary>Completes with the first warning containing <paramref name="marker"/> that any of <paramref name="systems"/> logs.</summary>
    private static Task<string> WarningLoggedBy(string marker, params ActorSystem[] systems)
    {
        var logged = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        foreach (var system in systems)
        {
            system.EventStream.Subscribe(system.ActorOf(Props.Create(() => new WarningListener(marker, logged))), typeof(Warning));
        }

        return logged.Task;
    }

    private sealed class WarningListener : ReceiveActor
    {
        public WarningListener(string marker, TaskCompletionSource<string> logged) =>
            Receive<Warning>(warning =>
            {
                var text = warning.ToString();
                if (text.Contains(marker, StringComparison.Ordinal))
                {
                    logged.TrySetResult(text);
                }
            });
    }
}
