using Akka.Event;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A migrated program, and a fork asked to detach, pull what is still on the memory node in the background and then
/// outlive it (docs/adr-021-independent-after-migration.md); a plain fork keeps faulting lazily.
/// </summary>
public sealed class IndependenceTests(ITestOutputHelper output) : WasmActorsTestKit(output)
{
    // Seconds of work: paused on the target right after it arrived, most of its run is left for after the memory node.
    private static readonly string[] Counter = ["30000", "1000", "20000"];
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(2);

    // Writes a word into each 4 KiB page of its 16 MiB memory, prints "ready", then reads one page after the other
    // with a million steps of work in between, until stopped: after its move it keeps reaching pages it has not
    // faulted in on the target yet (a full round takes seconds, longer than its time unpaused there).
    private static readonly Lazy<byte[]> Reader = new(() => Wasmtime.Module.ConvertText(PageReader.FillThenReady + """
            (local.set $a (i32.const 0))
            (loop $read
              (local.set $i (i32.const 0))
              (loop $work
                (local.set $x (i32.add (i32.mul (local.get $x) (i32.const 1664525)) (i32.const 1013904223)))
                (local.set $i (i32.add (local.get $i) (i32.const 1)))
                (br_if $work (i32.lt_u (local.get $i) (i32.const 1000000))))
              (local.set $sum (i32.add (local.get $sum) (i32.add (local.get $x) (i32.load (local.get $a)))))
              (local.set $a (i32.and (i32.add (local.get $a) (i32.const 4096)) (i32.const 0xfff000)))
              (i32.store (i32.const 40) (local.get $sum))
              (br $read))))
        """));

    protected override int RunNodeCount => 2;

    [Fact]
    public async Task AMigratedProgramBecomesIndependentAndRunsToItsEndAfterTheMemoryNodeIsGone()
    {
        var (deployed, programOutput) = await DeploySampleAsync("counter", Counter, node: "run-1");
        await programOutput.WaitForAsync(t => t.Contains("counter: ", StringComparison.Ordinal), Timeout);
        await Orchestrator.PauseAsync(deployed.InstanceId); // mid-run on any machine
        var migrated = await MigrateAsync(deployed.InstanceId, "run-2");
        await Orchestrator.PauseAsync(migrated.NewInstanceId);

        var row = await Orchestrator.WaitIndependentAsync("run-2", migrated.NewInstanceId, Bound);
        Sys.Log.Info("independent after {0} s, {1} bytes pulled", row.IndependentAfterSeconds, row.PulledBytes);
        Assert.Equal(0, row.RemotePages);
        Assert.NotNull(row.IndependentAfterSeconds);
        Assert.True(row.PulledBytes > 0, "the pull fetched pages the program had not touched");

        await StopMemoryNodeAsync();
        await Orchestrator.ResumeAsync(migrated.NewInstanceId);
        Assert.IsType<InstanceExited>(await programOutput.Ended.WaitAsync(Bound));
        Assert.Equal(RunLocally("counter", Counter), programOutput.Text());
        Assert.True(programOutput.IsContiguous());
    }

    [Fact]
    public async Task AMigratedProgramReadingPagesItHasNotTouchedYetKeepsRunningAfterTheMemoryNodeIsGone()
    {
        var programOutput = new ProgramOutput(Sys);
        var deployed = await Orchestrator.DeployAsync(Reader.Value, "reader", owner: programOutput.Ref, node: "run-1");
        await programOutput.WaitForAsync(t => t.Contains("ready", StringComparison.Ordinal), Timeout);
        await Orchestrator.PauseAsync(deployed.InstanceId);
        var migrated = await MigrateAsync(deployed.InstanceId, "run-2");
        await Orchestrator.PauseAsync(migrated.NewInstanceId);
        var row = await Orchestrator.WaitIndependentAsync("run-2", migrated.NewInstanceId, Bound);
        Assert.Equal(0, row.RemotePages);

        await StopMemoryNodeAsync();
        await Orchestrator.ResumeAsync(migrated.NewInstanceId);
        // Every fault from now on would need the memory node, were the pages not already on this node.
        await AwaitConditionAsync(async () => (await Orchestrator.ListAsync()).Single(i => i.InstanceId == migrated.NewInstanceId).Faults >= row.Faults + 16, Bound);
        Assert.Equal(InstanceState.Running, (await Orchestrator.ListAsync()).Single(i => i.InstanceId == migrated.NewInstanceId).State);
        await Orchestrator.StopAsync(migrated.NewInstanceId);
        Assert.Equal(new InstanceStopped(migrated.NewInstanceId, null), await AwaitEndAsync(programOutput));
    }

    [Fact]
    public async Task AForkAskedToDetachOutlivesTheMemoryNodeAndAPlainForkStillFaultsLazily()
    {
        var (deployed, original) = await DeploySampleAsync("counter", Counter, node: "run-1");
        await original.WaitForAsync(t => t.Contains("counter: ", StringComparison.Ordinal), Timeout);
        await Orchestrator.PauseAsync(deployed.InstanceId);
        var snapshot = await SnapshotAsync(deployed.InstanceId);
        await Orchestrator.StopAsync(deployed.InstanceId);

        // Without --detach: the fork shares the snapshot's pages and fetches one only when it touches it.
        var plainOutput = new ProgramOutput(Sys);
        var plain = await Orchestrator.ForkAsync(snapshot.SnapshotId, Granularity.Page, CopyMode.Cow, 1, plainOutput.Ref, "run-2");
        await Orchestrator.PauseAsync(plain.InstanceIds[0]);
        var plainRow = (await Orchestrator.ListAsync()).Single(i => i.InstanceId == plain.InstanceIds[0]);
        Assert.True(plainRow.RemotePages > 0, $"{plainRow.RemotePages} pages remote");
        Assert.False(plainRow.Independent);
        Assert.Null(plainRow.PulledBytes);
        await Orchestrator.StopAsync(plain.InstanceIds[0]);

        // With it, at another granularity (its own restore): everything comes over, then the memory node may go.
        var detachedOutput = new ProgramOutput(Sys);
        var detached = await Orchestrator.ForkAsync(snapshot.SnapshotId, Granularity.Mixture, CopyMode.Cow, 1, detachedOutput.Ref, "run-2", detach: true);
        await Orchestrator.PauseAsync(detached.InstanceIds[0]);
        var row = await Orchestrator.WaitIndependentAsync("run-2", detached.InstanceIds[0], Bound);
        Assert.Equal(0, row.RemotePages);
        Assert.True(row.PulledBytes > 0);

        await StopMemoryNodeAsync();
        await Orchestrator.ResumeAsync(detached.InstanceIds[0]);
        Assert.IsType<InstanceExited>(await detachedOutput.Ended.WaitAsync(Bound));
        Assert.EndsWith(detachedOutput.Text(), RunLocally("counter", Counter), StringComparison.Ordinal);
        Assert.Contains("done:", detachedOutput.Text(), StringComparison.Ordinal);
    }

    /// <summary>Shuts the memory node's actor system down and waits until the cluster no longer lists it.</summary>
    private async Task StopMemoryNodeAsync()
    {
        await Memory.DisposeAsync();
        await AwaitConditionAsync(async () => (await Orchestrator.MemoryNodesAsync()).Count == 0, Timeout);
    }
}
