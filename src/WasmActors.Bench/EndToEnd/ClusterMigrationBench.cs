using System.Globalization;
using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Node.Commands;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// Remote live migration over the actors (docs/adr-006-live-migration.md): for each size, <see cref="ResidentProgram"/>
/// is deployed on run-1, left to fill its memory and run on, then moved to run-2 with one <see cref="MigrateTo"/>
/// sent straight to run-1. The nodes report the downtime: from the pause to the target's reply that the program
/// runs there; the pre-copy before the pause does not stop the program. Each size is migrated several times and the
/// median reported, since one remote sample varies up to 2× on a shared machine.
/// </summary>
internal sealed class ClusterMigrationBench(BenchCluster cluster, BenchResults results, Action<string> status)
{
    private static readonly TimeSpan MigrateTimeout = TimeSpan.FromSeconds(60);

    /// <summary>How long the program runs its hot loop on run-1 before the migration starts.</summary>
    private static readonly TimeSpan RunOn = TimeSpan.FromMilliseconds(200);

    private const int WarmUps = 3;

    private long _requestId = 2_000_000;

    /// <summary>
    /// Hears every timed migration (not the warm-up): its size, the nodes' reply, and the garbage collector's pauses
    /// in this process (all three nodes) during the migration request.
    /// </summary>
    public Action<int, Migrated, TimeSpan>? Sampled { get; init; }

    public async Task RunAsync(int[] sizes, int repetitions)
    {
        var client = cluster.Client;
        var source = await client.RunNodeAsync("run-1");
        var target = await client.RunNodeAsync("run-2");
        // The first migrations between two nodes also pay for first use: the target's connection to the memory node's
        // bulk path, JIT of the restore and capture paths (and its tiering up). Unrecorded warm-ups of the smallest
        // size keep that out of the figures, which are meant for a node that has been running.
        for (var i = 0; i < WarmUps && sizes.Length > 0; i++)
        {
            status($"warm-up migration {sizes.Min()} MiB run-1 → run-2 ({i + 1}/{WarmUps})");
            _ = await MigrateOnceAsync(client, source, target, sizes.Min());
        }

        foreach (var size in sizes)
        {
            var samples = new List<Migrated>();
            for (var i = 0; i < repetitions; i++)
            {
                status($"migrate {size} MiB run-1 → run-2 ({i + 1}/{repetitions})");
                if (await MigrateOnceAsync(client, source, target, size) is ({ } migrated, var gcPauses))
                {
                    samples.Add(migrated);
                    Sampled?.Invoke(size, migrated, gcPauses);
                }
            }

            if (samples.Count == 0)
            {
                continue;
            }

            var median = samples.OrderBy(s => s.DowntimeMilliseconds).ElementAt((samples.Count - 1) / 2);
            results.Migration.Add(new MigrationRow(
                size,
                "remote",
                median.DowntimeMilliseconds,
                median.Phases?.CaptureMilliseconds ?? double.NaN,
                median.Phases?.TargetRestoreMilliseconds ?? double.NaN,
                median.BytesBeforeFirstInstruction,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"median of {samples.Count} (range {samples.Min(s => s.DowntimeMilliseconds):0.0}–{samples.Max(s => s.DowntimeMilliseconds):0.0} ms); {MigrationSummary.Describe(median.Phases)}; a {size} MiB program (every page written, then a 256 KiB hot table updated), {RunOn.TotalMilliseconds:N0} ms into its hot loop; pre-copy while it runs, then a paused delta; actors' migrate run-1 → run-2 (Akka.Remote + bulk path, Mixture COW)")));
        }
    }

    private async Task<(Migrated? Migrated, TimeSpan GcPauses)> MigrateOnceAsync(OrchestratorClient client, ClusterNode source, ClusterNode target, int size)
    {
        var output = new ProgramOutput(cluster.Orchestrator);
        try
        {
            var deployed = await client.DeployAsync(ResidentProgram.Build(size), "resident", [], owner: output.Ref, node: "run-1");
            await output.WaitForAsync(t => t.Contains("ready", StringComparison.Ordinal), MigrateTimeout);
            await Task.Delay(RunOn);
            var gcBefore = GC.GetTotalPauseDuration();
            var reply = await source.Actor.Ask<object>(new MigrateTo(Interlocked.Increment(ref _requestId), deployed.InstanceId, target.Name, target.Actor), MigrateTimeout);
            var gcPauses = GC.GetTotalPauseDuration() - gcBefore;
            if (reply is not Migrated migrated)
            {
                results.Problems.Add($"remote migration of {size} MiB: {(reply as OperationFailed)?.Reason ?? "unexpected reply " + reply.GetType().Name}");
                await client.StopAsync(deployed.InstanceId);
                return (null, gcPauses);
            }

            await client.StopAsync(migrated.NewInstanceId);

            // The memory node would otherwise keep every run's chain of snapshots (hundreds of MiB per size), and
            // the garbage collector would mark through all of them during the next runs.
            await client.DeleteSnapshotAsync(migrated.SnapshotId, withAncestors: true);
            return (migrated, gcPauses);
        }
        catch (Exception e) when (e is OrchestratorException or TimeoutException or AskTimeoutException)
        {
            results.Problems.Add($"remote migration of {size} MiB: {e.Message}");
            return (null, TimeSpan.Zero);
        }
    }
}
