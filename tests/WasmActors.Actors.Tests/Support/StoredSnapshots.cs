using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>Snapshots whose programs no longer run: what a cluster holds before the node under test comes or forks.</summary>
internal static class StoredSnapshots
{
    /// <summary>Deploys a sample, snapshots it and stops it; returns the snapshot's id.</summary>
    public static async Task<string> OfSampleAsync(ActorSystem system, OrchestratorClient orchestrator, string sample, string[] arguments, string? node = null)
    {
        var deployed = await orchestrator.DeployAsync(TestKitFiles.Sample(sample), sample, arguments, null, new ProgramOutput(system).Ref, node);
        var taken = await orchestrator.SnapshotAsync(deployed.InstanceId, leavePaused: true);
        await orchestrator.StopAsync(deployed.InstanceId);
        return taken.SnapshotId;
    }

    /// <summary>
    /// Deploys counter with <paramref name="arguments"/> on <paramref name="node"/>, waits for its first line and
    /// snapshots it there, leaving it paused (pick a run long enough to still be running when the pause arrives); the
    /// caller resumes or stops it.
    /// </summary>
    public static async Task<(SnapshotTaken Snapshot, Deployed Deployed, ProgramOutput Output)> OfCounterMidRunAsync(
        ActorSystem system, OrchestratorClient orchestrator, string[] arguments, string node, TimeSpan timeout)
    {
        var output = new ProgramOutput(system);
        var deployed = await orchestrator.DeployAsync(TestKitFiles.Sample("counter"), "counter", arguments, null, output.Ref, node);
        await output.WaitForAsync(t => t.Contains("counter: ", StringComparison.Ordinal), timeout);
        var taken = await orchestrator.SnapshotAsync(deployed.InstanceId, leavePaused: true);
        return (taken, deployed, output);
    }
}
