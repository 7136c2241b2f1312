using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Snapshots held by several memory nodes (docs/adr-022-snapshot-replication.md): an upload is acknowledged once
/// wasmactors.memory-node.replicas nodes hold it, the holder map says which, a fork outlives a holder, a fork
/// faulting pages carries on from another holder when its own stops, and survivors restore the count.
/// </summary>
public sealed class ReplicationTests(ITestOutputHelper output) : WasmActorsTestKit(output)
{
    private readonly List<WasmActorsNode> _memoryNodes = [];
    private readonly ITestOutputHelper _output = output;

    protected override int RunNodeCount => 2;

    protected override TimeSpan Timeout => TimeSpan.FromSeconds(60);

    public override async Task DisposeAsync()
    {
        foreach (var node in _memoryNodes)
        {
            await node.DisposeAsync();
        }

        await base.DisposeAsync();
    }

    [Fact]
    public async Task ASnapshotAcknowledgedWithTwoReplicasIsHeldByBothAndForksAfterItsUploadHolderStops()
    {
        // One memory node: held once (auto), acknowledged without waiting for anyone.
        var (single, singleMs) = await DeployAndSnapshotAsync("run-1");
        Assert.Equal([Memory.Address.ToString()], await HoldersAsync(Memory, single.SnapshotId));

        var second = await StartMemoryNodeAsync("memory-2");
        // A second memory node restores the count of what was held once.
        await AwaitHoldersAsync(single.SnapshotId, 2);

        var (taken, pairMs) = await DeployAndSnapshotAsync("run-1");
        _output.WriteLine($"acknowledgement of a 16 MiB snapshot: {singleMs:0} ms with 1 replica, {pairMs:0} ms with 2");
        var both = new[] { Memory.Address.ToString(), second.Address.ToString() }.Order(StringComparer.Ordinal).ToArray();
        // Acknowledged: each holder wrote its entry to a majority (here both memory nodes) first, so each node's own
        // replica of the holder map already names both, and both list it.
        Assert.Equal(both, await HoldersAsync(Memory, taken.SnapshotId));
        Assert.Equal(both, await HoldersAsync(second, taken.SnapshotId));
        Assert.Contains(await ListAsync(Memory), s => s.SnapshotId == taken.SnapshotId);
        Assert.Contains(await ListAsync(second), s => s.SnapshotId == taken.SnapshotId);

        // The node that took the upload stops; one memory node is left, so nothing is copied (count 1), and the
        // holder map names the survivor alone.
        var (stopped, survivor) = taken.MemoryNode == Memory.Name ? (Memory, second) : (second, Memory);
        var (_, reference) = await ResumeToEndAsync(taken.InstanceId);
        await stopped.DisposeAsync();
        await AwaitConditionAsync(async () => (await HoldersAsync(survivor, taken.SnapshotId)).SequenceEqual([survivor.Address.ToString()]), Timeout);

        var (forked, forkOutput) = await ForkAsync(taken.SnapshotId, CopyMode.Cow, Granularity.Page, node: "run-2");
        Assert.Single(forked.InstanceIds);
        Assert.IsType<InstanceExited>(await AwaitEndAsync(forkOutput));
        Assert.Equal(reference, forkOutput.Text());
    }

    [Fact]
    public async Task ACopyBetweenMemoryNodesTravelsOverTheBulkPath()
    {
        var second = await StartMemoryNodeAsync("memory-2");
        var nodes = new[] { Memory, second };

        // Run nodes pick memory nodes in turn: two snapshots from one run node are taken by each memory node once.
        var taken = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var before = nodes.Select(CopyBytesReceived).ToArray();
            var (snapshot, milliseconds) = await DeployAndSnapshotAsync("run-1");
            var primary = Array.FindIndex(nodes, n => n.Name == snapshot.MemoryNode);
            var peer = 1 - primary;
            var file = (await ListAsync(nodes[primary])).Single(s => s.SnapshotId == snapshot.SnapshotId).Bytes;
            // Acknowledged, so the peer holds it: every byte of the file came to it over the bulk path, none to the primary.
            Assert.Contains(await ListAsync(nodes[peer]), s => s.SnapshotId == snapshot.SnapshotId);
            Assert.Equal(file, CopyBytesReceived(nodes[peer]) - before[peer]);
            Assert.Equal(before[primary], CopyBytesReceived(nodes[primary]));
            taken.Add(snapshot.MemoryNode);
            _output.WriteLine($"acknowledgement of a {file / (1024.0 * 1024):0.#} MiB snapshot with 2 replicas, the copy over the bulk path: {milliseconds:0} ms");
        }

        Assert.Equal(2, taken.Distinct().Count());
    }

    [Fact]
    public async Task ACopyTravelsInPartsOverAkkaRemoteWhenAMemoryNodeHasNoBulkPath()
    {
        var second = await StartMemoryNodeAsync("memory-2", "wasmactors.bulk.enabled = off");
        var nodes = new[] { Memory, second };

        // One snapshot taken by memory-1, whose offer memory-2 declines, and one by memory-2, which sends parts at once.
        var taken = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var (snapshot, milliseconds) = await DeployAndSnapshotAsync("run-1");
            foreach (var node in nodes)
            {
                Assert.Contains(await ListAsync(node), s => s.SnapshotId == snapshot.SnapshotId);
            }

            taken.Add(snapshot.MemoryNode);
            _output.WriteLine($"acknowledgement of a 16 MiB snapshot with 2 replicas taken by {snapshot.MemoryNode}, the copy in parts over Akka.Remote: {milliseconds:0} ms");
        }

        Assert.Equal(2, taken.Distinct().Count());
        Assert.All(nodes, n => Assert.Equal(0, CopyBytesReceived(n)));
    }

    [Fact]
    public async Task ACopyWhoseBulkFetchFailsComesInPartsAndIsCountedOnce()
    {
        // Every bulk request memory-2 makes times out at once: it cannot fetch what memory-1 offers.
        var second = await StartMemoryNodeAsync("memory-2", "wasmactors.bulk.request-timeout = 1ms");
        SnapshotTaken? offered = null;
        for (var i = 0; i < 2 && offered is null; i++)
        {
            var (snapshot, _) = await DeployAndSnapshotAsync("run-1");
            offered = snapshot.MemoryNode == Memory.Name ? snapshot : null;
        }

        Assert.NotNull(offered);
        var held = await ListAsync(second);
        Assert.Contains(held, s => s.SnapshotId == offered.SnapshotId);
        Assert.Equal(0, CopyBytesReceived(second));
        // What memory-2 held for the failed fetch was given back: it counts each snapshot it holds once.
        var stats = await Sys.ActorSelection(second.Address + "/user/snapshots").Ask<NodeStats>(new GetNodeStats(1), Timeout);
        Assert.Equal(held.Sum(s => s.Bytes), stats.StoredBytes);
    }

    [Fact]
    public async Task AForkFaultingPagesWhileItsHolderStopsFinishesWithTheUninterruptedOutput()
    {
        var second = await StartMemoryNodeAsync("memory-2");
        var (taken, _) = await DeployAndSnapshotAsync("run-1");
        var (_, reference) = await ResumeToEndAsync(taken.InstanceId);
        var holder = await Orchestrator.LocateAsync(taken.SnapshotId);

        // Uninterrupted, on run-2: the time to beat.
        var clock = Stopwatch.StartNew();
        var calm = await ForkFromAsync(1, holder);
        Assert.IsType<InstanceExited>(await AwaitEndAsync(calm));
        var calmSeconds = clock.Elapsed.TotalSeconds;
        Assert.Equal(reference, calm.Text());

        // On run-1 (no restore of it cached): the holder it fetches from stops while the fork faults its pages in.
        var (stopped, survivor) = holder.MemoryNode == Memory.Name ? (Memory, second) : (second, Memory);
        var servedBefore = await ServedBytesAsync(survivor);
        clock.Restart();
        var faulting = await ForkFromAsync(0, holder);
        var stopClock = Stopwatch.StartNew();
        var stopping = stopped.DisposeAsync().AsTask();
        // Failover time: from the stop's start until the survivor serves the fork's first page.
        await AwaitConditionAsync(async () => await ServedBytesAsync(survivor) > servedBefore, Timeout, TimeSpan.FromMilliseconds(50));
        var failoverSeconds = stopClock.Elapsed.TotalSeconds;
        await stopping;
        var stopSeconds = stopClock.Elapsed.TotalSeconds;
        var ending = await AwaitEndAsync(faulting);
        var faultingSeconds = clock.Elapsed.TotalSeconds;
        Assert.IsType<InstanceExited>(ending);
        Assert.Equal(reference, faulting.Text());
        _output.WriteLine($"fork faulting 4,095 pages: {calmSeconds:0.0} s uninterrupted, {faultingSeconds:0.0} s with its holder stopped; the survivor served it {failoverSeconds:0.00} s after the stop began (the stop took {stopSeconds:0.00} s)");
    }

    [Fact]
    public async Task WhenAHolderLeavesTheSurvivorsCopyItsSnapshotsToAThirdMemoryNode()
    {
        var second = await StartMemoryNodeAsync("memory-2");
        var third = await StartMemoryNodeAsync("memory-3");
        var (taken, _) = await DeployAndSnapshotAsync("run-1");
        var all = new[] { Memory, second, third };
        await AwaitHoldersAsync(taken.SnapshotId, 2);
        var holders = await HoldersAsync(Memory, taken.SnapshotId);

        // Stop a holder other than the seed where we can (memory-1 is in every test's cluster from the start).
        var stopped = all.Where(n => holders.Contains(n.Address.ToString())).OrderBy(n => n == Memory).First();
        var (_, reference) = await ResumeToEndAsync(taken.InstanceId);
        await stopped.DisposeAsync();
        var left = all.Where(n => n != stopped).ToArray();
        await AwaitConditionAsync(
            async () => (await HoldersAsync(left[0], taken.SnapshotId)).Order(StringComparer.Ordinal).SequenceEqual(left.Select(n => n.Address.ToString()).Order(StringComparer.Ordinal)),
            Timeout);
        foreach (var node in left)
        {
            Assert.Contains(await ListAsync(node), s => s.SnapshotId == taken.SnapshotId);
        }

        var (_, forkOutput) = await ForkAsync(taken.SnapshotId, CopyMode.Cow, Granularity.Page, node: "run-2");
        Assert.IsType<InstanceExited>(await AwaitEndAsync(forkOutput));
        Assert.Equal(reference, forkOutput.Text());
    }

    private async Task<WasmActorsNode> StartMemoryNodeAsync(string name, string? config = null)
    {
        var node = await WasmActorsNode.StartAsync(NodeConfig("memory-node.conf", name, config is null ? ExtraConfig : config + "\n" + ExtraConfig));
        _memoryNodes.Add(node);
        node.Join(Memory.Address);
        await node.WhenUpAsync(Timeout);
        var count = _memoryNodes.Count + 1;
        // Every node counts the memory nodes before a snapshot is taken (the replica count follows membership, and run
        // nodes pick among them in turn).
        await AwaitConditionAsync(
            () => Task.FromResult(_memoryNodes.Append(Memory).Concat(RunNodes).All(n => Cluster.Get(n.System).State.Members.Count(m => m.HasRole("memory") && m.Status == MemberStatus.Up) == count)),
            Timeout);
        return node;
    }

    /// <summary>Deploys the page reader on <paramref name="node"/>, pauses it once its memory is written and snapshots it.</summary>
    private async Task<(SnapshotTaken Taken, double Milliseconds)> DeployAndSnapshotAsync(string node)
    {
        var programOutput = new ProgramOutput(Sys);
        var deployed = await Orchestrator.DeployAsync(PageReader.Wasm, "reader", owner: programOutput.Ref, node: node);
        await programOutput.WaitForAsync(t => t.Contains("ready", StringComparison.Ordinal), Timeout);
        await Orchestrator.PauseAsync(deployed.InstanceId);
        var clock = Stopwatch.StartNew();
        var taken = await SnapshotAsync(deployed.InstanceId);
        var milliseconds = clock.Elapsed.TotalMilliseconds;
        _outputs[deployed.InstanceId] = programOutput;
        return (taken, milliseconds);
    }

    private readonly Dictionary<string, ProgramOutput> _outputs = [];

    /// <summary>Lets the snapshotted original run to its end: what it prints after "ready" is what every fork must print.</summary>
    private async Task<(IWasmActorsMessage Ending, string Text)> ResumeToEndAsync(string instanceId)
    {
        await Orchestrator.ResumeAsync(instanceId);
        var original = _outputs[instanceId];
        var ending = await AwaitEndAsync(original);
        Assert.IsType<InstanceExited>(ending);
        Assert.Matches("^ready\n[0-9a-f]{8}\n$", original.Text());
        return (ending, original.Text()["ready\n".Length..]); // a fork prints only what comes after the snapshot
    }

    private async Task<ProgramOutput> ForkFromAsync(int runNode, SnapshotRef holder)
    {
        var forkOutput = new ProgramOutput(Sys);
        var run = await Sys.ActorSelection(RunNodes[runNode].Address + "/user/run").ResolveOne(Timeout);
        var forked = await run.Ask<object>(new ForkFrom(1, holder, Granularity.Mixture, CopyMode.Cow, 1, forkOutput.Ref), Timeout);
        Assert.IsType<Forked>(forked);
        return forkOutput;
    }

    /// <summary>The holders <paramref name="node"/>'s own replica of the holder map names.</summary>
    private async Task<string[]> HoldersAsync(WasmActorsNode node, string snapshotId)
    {
        var reply = await HolderMap.Replicator(node.System).Ask<IGetResponse>(Dsl.Get(HolderMap.Key, Dsl.ReadLocal), Timeout);
        return reply is GetSuccess success ? HolderMap.HoldersOf(success.Get(HolderMap.Key), snapshotId).Select(a => a.ToString()).ToArray() : [];
    }

    private async Task AwaitHoldersAsync(string snapshotId, int count) =>
        await AwaitConditionAsync(async () => (await HoldersAsync(Memory, snapshotId)).Length == count, Timeout);

    private async Task<SnapshotInfo[]> ListAsync(WasmActorsNode node) =>
        (await Sys.ActorSelection(node.Address + "/user/snapshots").Ask<SnapshotList>(new ListSnapshots(1), Timeout)).Snapshots;

    private static long CopyBytesReceived(WasmActorsNode node) => NodeRoles.Of(node.System)!.MemoryCounters.BulkCopyBytesReceived;

    private async Task<long> ServedBytesAsync(WasmActorsNode node)
    {
        var stats = await Sys.ActorSelection(node.Address + "/user/snapshots").Ask<NodeStats>(new GetNodeStats(1), Timeout);
        return stats.BytesServed + stats.BulkBytesServed;
    }
}
