using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Node.Bench.EndToEnd;

/// <summary>
/// Remote live migration over the actors (docs/adr-006-live-migration.md): for each size, <see cref="ResidentProgram"/>
/// is deployed on run-1, left to fill its memory and run on, then moved to run-2 with one <see cref="MigrateTo"/>
/// sent straight to run-1. The nodes report the downtime: from the pause to the target's reply that the program
/// runs there; the pre-copy before the pause does not stop the program.
/// </summary>
public sealed class ClusterMigrationBench(BenchCluster cluster, BenchResults results, Action<string> status)
{
    private static readonly TimeSpan MigrateTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long the program runs its hot loop on run-1 before the migration starts.</summary>
    private static readonly TimeSpan RunOn = TimeSpan.FromMilliseconds(200);

    private long _requestId = 2_000_000;

    public async Task RunAsync(int[] sizes)
    {
        var client = cluster.Client;
        var source = await client.RunNodeAsync("run-1");
        var target = await client.RunNodeAsync("run-2");
        // The first migration between two nodes also pays for first use: the target's connection to the memory node's
        // bulk path, JIT of the restore and capture paths. One unrecorded warm-up keeps that out of the first row.
        foreach (var (size, warmUp) in sizes.Take(1).Select(s => (s, true)).Concat(sizes.Select(s => (s, false))))
        {
            status(warmUp ? $"warm-up migration {size} MiB run-1 → run-2" : $"migrate {size} MiB run-1 → run-2");
            var output = new ProgramOutput(cluster.Orchestrator);
            try
            {
                var deployed = await client.DeployAsync(ResidentProgram.Build(size), "resident", [], owner: output.Ref, node: "run-1");
                await output.WaitForAsync(t => t.Contains("ready", StringComparison.Ordinal), MigrateTimeout);
                await Task.Delay(RunOn);
                var reply = await source.Actor.Ask<object>(new MigrateTo(Interlocked.Increment(ref _requestId), deployed.InstanceId, target.Name, target.Actor), MigrateTimeout);
                if (reply is not Migrated migrated)
                {
                    results.Problems.Add($"remote migration of {size} MiB: {(reply as OperationFailed)?.Reason ?? "unexpected reply " + reply.GetType().Name}");
                    await client.StopAsync(deployed.InstanceId);
                    continue;
                }

                await client.StopAsync(migrated.NewInstanceId);
                if (warmUp)
                {
                    continue;
                }

                results.Migration.Add(new MigrationRow(
                    size,
                    "remote",
                    migrated.DowntimeMilliseconds,
                    double.NaN,
                    double.NaN,
                    migrated.BytesBeforeFirstInstruction,
                    $"a {size} MiB program (every page written, then a 256 KiB hot table updated), {RunOn.TotalMilliseconds:N0} ms into its hot loop; pre-copy while it runs, then a paused delta; actors' migrate run-1 → run-2 (Akka.Remote + bulk path, Mixture COW); downtime from the pause to the target's reply"));
            }
            catch (Exception e) when (e is OrchestratorException or TimeoutException or AskTimeoutException)
            {
                results.Problems.Add($"remote migration of {size} MiB: {e.Message}");
            }
        }
    }
}
