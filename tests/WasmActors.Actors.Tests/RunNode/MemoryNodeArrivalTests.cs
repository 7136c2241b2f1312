using Akka.Cluster;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A snapshot asked for while the run node knows no memory node waits for one (wasmactors.run-node.memory-node-wait):
/// it succeeds when one joins during the wait (gossip tells an orchestrator about a new memory node before it tells
/// every run node, so a script that starts nodes and snapshots at once lands in that window), and fails with the
/// reason when none comes.
/// </summary>
public sealed class MemoryNodeArrivalTests(ITestOutputHelper output) : Akka.TestKit.Xunit2.TestKit(WasmActorsSystem.Setup(WasmActorsTestKit.OrchestratorConfig()), WasmActorsNode.SystemName, output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task ASnapshotAskedBeforeAnyMemoryNodeIsUpIsTakenWhenOneJoins()
    {
        await using var run = await StartRunNodeAsync("30s");
        var (client, instanceId) = await DeployAsync(run);
        var waiting = client.SnapshotAsync(instanceId);
        await Task.Delay(300);
        Assert.False(waiting.IsCompleted, "the snapshot waits for a memory node");

        await using var memory = await WasmActorsNode.StartAsync(WasmActorsTestKit.NodeConfig("memory-node.conf", "memory-1"));
        memory.Join(run.Address);
        var taken = await waiting.WaitAsync(Timeout);
        Assert.Equal(instanceId, taken.InstanceId);
        // This process may hear of the memory node after the run node did: wait until it lists the snapshot.
        await AwaitConditionAsync(async () => (await client.SnapshotsAsync()).Any(s => s.SnapshotId == taken.SnapshotId), Timeout);
        await client.StopAsync(instanceId);
    }

    [Fact]
    public async Task ASnapshotFailsWithTheReasonWhenNoMemoryNodeComes()
    {
        await using var run = await StartRunNodeAsync("1s");
        var (client, instanceId) = await DeployAsync(run);
        var failure = await Assert.ThrowsAsync<OrchestratorException>(() => client.SnapshotAsync(instanceId));
        Output!.WriteLine(failure.Message);
        Assert.Contains("no memory node is up in the cluster (waited 1 s)", failure.Message, StringComparison.Ordinal);
        Assert.Equal(InstanceState.Running, (await client.ListAsync()).Single(i => i.InstanceId == instanceId).State);
        await client.StopAsync(instanceId);
    }

    private async Task<WasmActorsNode> StartRunNodeAsync(string memoryNodeWait)
    {
        var run = await WasmActorsNode.StartAsync(WasmActorsTestKit.NodeConfig("run-node.conf", "run-1", $"wasmactors.run-node.memory-node-wait = {memoryNodeWait}"));
        run.Join(run.Address);
        Cluster.Get(Sys).Join(run.Address);
        await run.WhenUpAsync(Timeout);
        return run;
    }

    private async Task<(OrchestratorClient Client, string InstanceId)> DeployAsync(WasmActorsNode run)
    {
        var client = new OrchestratorClient(Sys, Timeout);
        await AwaitConditionAsync(async () => (await client.RunNodesAsync()).Count == 1, Timeout);
        var program = new ProgramOutput(Sys);
        var deployed = await client.DeployAsync(await File.ReadAllBytesAsync(RepositoryFiles.Sample("counter")), "counter", ["100000", "20", "100000"], null, program.Ref);
        return (client, deployed.InstanceId);
    }
}
