using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.SBR;
using Akka.Configuration;
using Akka.Remote;
using Akka.Remote.Transport;
using WasmActors.Actors.Configuration;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// The split-brain resolver the nodes ship with (reference.conf: keep-oldest, down-if-alone): a real partition of a
/// three-node cluster, made with Akka.Remote's throttling transport adapter (every message between the two sides is
/// dropped), cuts the youngest node off: it is downed by the side of the oldest and shut down, while that side carries on.
/// </summary>
public sealed class SplitBrainResolverTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(output: output)
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(40);

    // Only timings change from reference.conf: a quick failure detector and a short stable-after, so the test takes
    // seconds; the downing provider and its strategy are the shipped ones.
    private static Config NodeConfig() =>
        ConfigurationFactory.ParseString("""
            akka.remote.dot-netty.tcp.port = 0
            akka.remote.dot-netty.tcp.applied-adapters = [trttl]
            akka.loglevel = ERROR
            akka.stdout-loglevel = OFF
            akka.cluster.failure-detector.heartbeat-interval = 200ms
            akka.cluster.failure-detector.acceptable-heartbeat-pause = 2s
            akka.cluster.split-brain-resolver.stable-after = 2s
            akka.coordinated-shutdown.run-by-clr-shutdown-hook = off
            """).WithFallback(WasmActorsConfig.Reference);

    [Fact]
    public void TheShippedConfigurationSelectsTheSplitBrainResolverWithKeepOldest()
    {
        var config = WasmActorsConfig.Reference;
        Assert.Equal("Akka.Cluster.SBR.SplitBrainResolverProvider, Akka.Cluster", config.GetString("akka.cluster.downing-provider-class"));
        var settings = new SplitBrainResolverSettings(config);
        Assert.Equal("keep-oldest", settings.DowningStrategy);
        Assert.True(settings.KeepOldestSettings.DownIfAlone);
    }

    [Fact]
    public async Task ThePartitionedMinorityIsDownedAndTheMajorityCarriesOn()
    {
        var systems = Enumerable.Range(1, 3).Select(i => ActorSystem.Create("wasmactors", NodeConfig())).ToArray();
        try
        {
            var addresses = systems.Select(s => Cluster.Get(s).SelfAddress).ToArray();
            foreach (var system in systems)
            {
                Cluster.Get(system).Join(addresses[0]);
            }

            await AwaitConditionAsync(() => Task.FromResult(systems.All(s => Cluster.Get(s).State.Members.Count(m => m.Status == MemberStatus.Up) == 3)), Limit);
            Output!.WriteLine($"three members up: {string.Join(", ", addresses.Select(a => a.ToString()))}");

            // Cut node 3 off from nodes 1 and 2, both ways.
            var minority = systems[2];
            var transport = ((RemoteActorRefProvider)((ExtendedActorSystem)minority).Provider).Transport;
            foreach (var other in addresses[..2])
            {
                Assert.True(await transport.ManagementCommand(new SetThrottle(other, ThrottleTransportAdapter.Direction.Both, Blackhole.Instance)).WaitAsync(Limit));
            }

            Output!.WriteLine("partition: node 3 | nodes 1, 2");

            // The majority downs and removes node 3; node 3 downs itself and shuts down (it cannot reach a majority).
            await AwaitConditionAsync(() => Task.FromResult(systems[..2].All(s => Cluster.Get(s).State.Members.All(m => m.Address != addresses[2]))), Limit);
            await minority.WhenTerminated.WaitAsync(Limit);
            foreach (var system in systems[..2])
            {
                Assert.Equal(2, Cluster.Get(system).State.Members.Count(m => m.Status == MemberStatus.Up));
                Assert.False(system.WhenTerminated.IsCompleted);
            }

            Output!.WriteLine("keep-oldest: node 3 was downed and stopped, nodes 1 and 2 are up");
        }
        finally
        {
            await Task.WhenAll(systems.Select(s => s.Terminate()));
        }
    }
}
