using System.Collections.Concurrent;
using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A run node with two run slots and many more forks of the counter computing flat out: the node keeps answering
/// while they run, every fork reaches its first instruction, and every one of them makes progress.
/// </summary>
public sealed class RunSlotsClusterTests(ITestOutputHelper output) : WasmActorsTestKit(output, Config)
{
    private const int Slots = 2;
    private const int Forks = 40;

    private static string Config => $$"""
        wasmactors.run-node {
          run-slots = {{Slots}}
          time-slice = 5ms
        }
        """;

    [Fact]
    public async Task ManyMoreCpuBoundForksThanSlotsAllRunAndTheNodeKeepsAnswering()
    {
        // A progress line every step of a few milliseconds, for far longer than the test.
        var (deployed, sourceOutput) = await DeploySampleAsync("counter", ["1000000000", "1", "20000"]);
        await sourceOutput.WaitForAsync(t => t.Contains("step 2 ", StringComparison.Ordinal), Timeout);
        var taken = await SnapshotAsync(deployed.InstanceId, leavePaused: true);
        await Orchestrator.StopAsync(deployed.InstanceId);

        var writes = new ConcurrentDictionary<string, int>(StringComparer.Ordinal);
        var collector = Sys.ActorOf(Props.Create(() => new WriteCounter(writes)));
        var forked = await Orchestrator.ForkAsync(taken.SnapshotId, Granularity.Mixture, CopyMode.Cow, Forks, collector);
        Assert.Equal(Forks, forked.InstanceIds.Length);

        // Every fork reached its first instruction (the reply waits for them, and the node counts each one).
        var stats = (await Orchestrator.StatsAsync()).Single(s => s.Node == "run-1");
        Assert.True(stats.ForksStarted >= Forks, $"{stats.ForksStarted} forks started");

        // While they compute, the node answers listings and stats (each an ask that fails the test when late).
        var answered = 0;
        await AwaitConditionAsync(
            async () =>
            {
                var running = (await Orchestrator.ListAsync()).Count(i => forked.InstanceIds.Contains(i.InstanceId) && i.State == InstanceState.Running);
                Assert.Equal(Forks, running);
                var node = Assert.Single(await Orchestrator.StatsAsync(), s => s.Node == "run-1");
                Assert.InRange(node.RunningInstances, 0, Slots);
                Assert.InRange(node.RunningInstances + node.WaitingInstances, 0, Forks);
                answered++;
                return forked.InstanceIds.All(id => writes.GetValueOrDefault(id) >= 2);
            },
            Timeout);

        Output!.WriteLine($"{answered} listings answered while {Forks} forks shared {Slots} slots; fewest writes {forked.InstanceIds.Min(id => writes.GetValueOrDefault(id))}");
        Assert.True(answered >= 1);
        await Task.WhenAll(forked.InstanceIds.Select(id => Orchestrator.StopAsync(id)));
        Assert.DoesNotContain(await Orchestrator.ListAsync(), i => forked.InstanceIds.Contains(i.InstanceId) && i.State == InstanceState.Running);
    }

    /// <summary>Counts each instance's writes (forks of one snapshot share output numbering, so they are told apart by id).</summary>
    private sealed class WriteCounter : ReceiveActor
    {
        public WriteCounter(ConcurrentDictionary<string, int> writes)
        {
            Receive<InstanceOutput>(m => writes.AddOrUpdate(m.InstanceId, 1, (_, n) => n + 1));
            ReceiveAny(_ => { });
        }
    }
}
