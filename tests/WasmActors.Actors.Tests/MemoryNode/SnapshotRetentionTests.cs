using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>Dropping snapshots from the memory node: never one another snapshot is a delta of, and a chain at once.</summary>
public sealed class SnapshotRetentionTests(ITestOutputHelper output) : WasmActorsTestKit(output)
{
    private static readonly string[] Counter = ["1000000", "10", "20000"];

    [Fact]
    public async Task APartOfAChainIsKeptWhileADeltaNeedsItAndTheChainGoesWithItsLastSnapshot()
    {
        var (deployed, programOutput) = await DeploySampleAsync("counter", Counter, node: "run-1");
        await programOutput.WaitForAsync(t => t.Contains("step 20 ", StringComparison.Ordinal), Timeout);
        var first = await SnapshotAsync(deployed.InstanceId);
        var second = await SnapshotAsync(deployed.InstanceId); // a delta of the first
        var unrelated = await SnapshotAsync((await DeploySampleAsync("counter", Counter, node: "run-1")).Deployed.InstanceId);
        Assert.Equal(first.Bytes + second.Bytes + unrelated.Bytes, await StoredBytesAsync());

        var refused = await Assert.ThrowsAsync<OrchestratorException>(() => Orchestrator.DeleteSnapshotAsync(first.SnapshotId));
        Assert.Contains($"{second.SnapshotId} is a delta of {first.SnapshotId}", refused.Message, StringComparison.Ordinal);

        var deleted = await Orchestrator.DeleteSnapshotAsync(second.SnapshotId, withAncestors: true);
        Assert.Equal([second.SnapshotId, first.SnapshotId], deleted.SnapshotIds);
        Assert.True(deleted.Bytes >= first.Bytes, $"{deleted.Bytes} B dropped, the first snapshot alone held {first.Bytes} B");

        var left = (await Orchestrator.SnapshotsAsync()).Select(s => s.SnapshotId).ToArray();
        Assert.DoesNotContain(first.SnapshotId, left);
        Assert.DoesNotContain(second.SnapshotId, left);
        Assert.Contains(unrelated.SnapshotId, left);
        await Assert.ThrowsAsync<OrchestratorException>(() => Orchestrator.LocateAsync(first.SnapshotId));
        await AwaitConditionAsync(async () => await StoredBytesAsync() == unrelated.Bytes, Timeout); // the actors stop after the reply

        // The instance's next snapshot names a base the memory node no longer holds: it is uploaded whole, and kept.
        var third = await SnapshotAsync(deployed.InstanceId);
        Assert.Equal(third.SnapshotId, (await Orchestrator.LocateAsync(third.SnapshotId)).SnapshotId);
        await Assert.ThrowsAsync<OrchestratorException>(() => Orchestrator.DeleteSnapshotAsync("s-nosuchthing"));
        await Orchestrator.StopAsync(deployed.InstanceId);
        Assert.IsType<InstanceStopped>(await AwaitEndAsync(programOutput));
    }

    [Fact]
    public async Task SnapshotsTakenWithProgressReportsAreDeltasToo()
    {
        // With progress (as the command line asks) the parts go through a relay of their own for every request; the
        // next snapshot must still be a delta of the last one on the same memory node.
        var (deployed, programOutput) = await DeploySampleAsync("counter", Counter, node: "run-1");
        await programOutput.WaitForAsync(t => t.Contains("step 20 ", StringComparison.Ordinal), Timeout);
        var reports = 0;
        var progress = new Progress<TransferProgress>(_ => Interlocked.Increment(ref reports));
        var first = await Orchestrator.SnapshotAsync(deployed.InstanceId, progress: progress);
        var second = await Orchestrator.SnapshotAsync(deployed.InstanceId, progress: progress);

        var refused = await Assert.ThrowsAsync<OrchestratorException>(() => Orchestrator.DeleteSnapshotAsync(first.SnapshotId));
        Assert.Contains($"{second.SnapshotId} is a delta of {first.SnapshotId}", refused.Message, StringComparison.Ordinal);
        Assert.True(second.Bytes < first.Bytes, $"the delta holds {second.Bytes} B, the whole snapshot {first.Bytes} B");
        await AwaitConditionAsync(() => Task.FromResult(Volatile.Read(ref reports) >= 2), Timeout);
        await Orchestrator.StopAsync(deployed.InstanceId);
    }

    private async Task<long> StoredBytesAsync() => (await Orchestrator.StatsAsync()).Single(s => s.Node == "memory-1").StoredBytes;
}
