using WasmActors.Actors.Hosting;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A run node that joins after snapshots were stored (their announcements long gone) asks the memory nodes what
/// they hold and prefetches the code, once per module, and the records of every snapshot, the inner ones of a lineage
/// included, before its first fork of them (ADR-024).
/// </summary>
public sealed class ModulePrefetchTests(ITestOutputHelper output) : WasmActorsTestKit(output)
{
    [Fact]
    public async Task ARunNodeThatJoinsLaterHasTheCodeOfEarlierSnapshotsBeforeItsFirstFork()
    {
        // Three lineages, two programs: the counter's code twice, the digits' once. The first counter's lineage holds
        // two snapshots: the one forked below is the parent of a delta taken after it.
        var deployed = await Orchestrator.DeployAsync(TestKitFiles.Sample("counter"), "counter", ["1000000", "10", "20000"], null, new ProgramOutput(Sys).Ref, "run-1");
        var counter = (await Orchestrator.SnapshotAsync(deployed.InstanceId)).SnapshotId;
        await Orchestrator.SnapshotAsync(deployed.InstanceId, leavePaused: true);
        await Orchestrator.StopAsync(deployed.InstanceId);
        await StoredSnapshots.OfSampleAsync(Sys, Orchestrator, "counter", ["1000000", "10", "20000"], "run-1");
        await StoredSnapshots.OfSampleAsync(Sys, Orchestrator, "pidigits", ["100000"], "run-1");

        var clock = System.Diagnostics.Stopwatch.StartNew();
        await using var late = await WasmActorsNode.StartAsync(NodeConfig("run-node.conf", "run-2", ExtraConfig));
        late.Join(Memory.Address);
        await late.WhenUpAsync(Timeout);
        var roles = NodeRoles.Of(late.System)!;
        // The three lineages' latest snapshots, then the inner one (for its records: its code is its lineage's).
        await AwaitConditionAsync(() => Task.FromResult(roles.RunCounters.Prefetches == 4), Timeout);
        Output!.WriteLine($"prefetched 4 snapshots {clock.ElapsedMilliseconds} ms after the node started");

        var modules = roles.DecodedModules;
        Assert.Equal(2, modules.Loads); // each program's code fetched and decoded once
        Assert.Equal(2, modules.Count);
        Assert.Equal(TestKitFiles.Sample("counter").Length + TestKitFiles.Sample("pidigits").Length, modules.Bytes);

        await AwaitConditionAsync(async () => (await Orchestrator.RunNodesAsync()).Count == 2, Timeout);
        var (forked, forkOutput) = await ForkAsync(counter, node: "run-2");
        Assert.Equal("run-2", forked.Node);
        Output!.WriteLine($"first fork: {forked.Cost}");
        await forkOutput.WaitForAsync(t => t.Contains("step ", StringComparison.Ordinal), Timeout);
        Assert.Equal(2, modules.Loads); // the fork found its code decoded
        await Orchestrator.StopAsync(forked.InstanceIds[0]);
    }
}
