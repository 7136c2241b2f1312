using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A memory node holds at most wasmactors.memory-node.max-bytes: a snapshot that would go over is refused with the
/// reason, the program runs on, and nothing is held for the refused upload.
/// </summary>
public sealed class MemoryNodeCapacityTests(ITestOutputHelper output) : WasmActorsTestKit(output, "wasmactors.memory-node.max-bytes = 4KiB")
{
    [Fact]
    public async Task ASnapshotLargerThanWhatTheMemoryNodeMayStillHoldIsRefusedAndTheProgramRunsOn()
    {
        var (deployed, programOutput) = await DeploySampleAsync("counter", ["1000000", "10", "20000"]);
        await programOutput.WaitForAsync(t => t.Contains("step 10 ", StringComparison.Ordinal), Timeout);

        var refused = await Assert.ThrowsAsync<OrchestratorException>(() => SnapshotAsync(deployed.InstanceId));
        Output!.WriteLine(refused.Message);
        Assert.Contains("memory node memory-1 is full: it holds 0 B of its 4.0 KiB (wasmactors.memory-node.max-bytes)", refused.Message, StringComparison.Ordinal);

        var stats = (await Orchestrator.StatsAsync()).Single(s => s.Node == "memory-1");
        Assert.Equal((0L, 4096L, 0), (stats.StoredBytes, stats.MaxStoredBytes, stats.Snapshots));
        var steps = programOutput.Text().Length;
        await programOutput.WaitForAsync(t => t.Length > steps, Timeout);
        Assert.Equal(InstanceState.Running, (await Orchestrator.ListAsync()).Single(i => i.InstanceId == deployed.InstanceId).State);
        await Orchestrator.StopAsync(deployed.InstanceId);
    }
}
