using WasmActors.Actors.Orchestration;
using WasmActors.Bench.EndToEnd;

namespace WasmActors.Bench.Durability;

/// <summary>
/// How long a migrated program takes to become independent of the memory nodes (docs/adr-021): the 64 MiB
/// <see cref="ResidentProgram"/> (every page written, then a hot loop) is deployed on run-1, migrated to run-2, and
/// run-2's listing polled until its pull has left nothing on a memory node; the run node's own figures
/// (IndependentAfterSeconds, PulledBytes) are reported with its pull throttle.
/// </summary>
internal sealed class IndependenceBench(BenchCluster cluster, Action<string> line)
{
    public const int Mebibytes = 64;

    public async Task<IndependenceRow> RunAsync(TimeSpan bound, CancellationToken cancellation)
    {
        var client = cluster.Client;
        var output = new ProgramOutput(cluster.Orchestrator);
        var running = (await client.DeployAsync(ResidentProgram.Build(Mebibytes), "resident", [], owner: output.Ref, node: "run-1")).InstanceId;
        try
        {
            await output.WaitForAsync(text => text.Contains("ready", StringComparison.Ordinal), bound).WaitAsync(cancellation);
            line($"  {Mebibytes} MiB resident on run-1; migrating to run-2");
            var migrated = await client.MigrateAsync(running, "run-2");
            running = migrated.NewInstanceId;
            line($"  migrated ({migrated.DowntimeMilliseconds:0.0} ms downtime); waiting until run-2 holds every page");
            var row = await client.WaitIndependentAsync("run-2", migrated.NewInstanceId, bound).WaitAsync(cancellation);
            if (row.IndependentAfterSeconds is not { } after)
            {
                throw new TimeoutException($"{migrated.NewInstanceId} still had {row.RemotePages} pages on a memory node after {bound.TotalSeconds:0} s");
            }

            await client.DeleteSnapshotAsync(migrated.SnapshotId, withAncestors: true);
            var throttle = cluster.Nodes.Single(n => n.Name == "run-2").Settings.RunNode.Detach.BytesPerSecond;
            return new IndependenceRow(Mebibytes, after, row.PulledBytes ?? 0, throttle, migrated.DowntimeMilliseconds);
        }
        finally
        {
            await client.StopAsync(running);
        }
    }
}
