using Akka.Actor;
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
}
