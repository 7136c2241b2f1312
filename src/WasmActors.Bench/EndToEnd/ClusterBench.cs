using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// Remote figures over the actor system: forks of a snapshot stored on the memory node started on a run node with
/// one <see cref="ForkFrom"/> message (latency per granularity × mode, forks per second for a batch), and live
/// migration between the two run nodes (<see cref="ClusterMigrationBench"/>).
/// </summary>
internal sealed class ClusterBench(BenchCluster cluster, RepositoryPaths paths, BenchResults results, Action<string> status)
{
    private static readonly TimeSpan MigrateTimeout = TimeSpan.FromSeconds(15);

    private long _requestId = 1_000_000;

    /// <summary>
    /// Deploys <paramref name="program"/> on run-1, lets it run for <paramref name="runFor"/>, snapshots it there
    /// (left paused, then stopped) and returns the stored snapshot.
    /// </summary>
    public async Task<SnapshotRef> SnapshotAsync(string label, string program, string[] arguments, TimeSpan runFor)
    {
        status($"deploy and snapshot {label}");
        var client = cluster.Client;
        var deployed = await client.DeployAsync(await File.ReadAllBytesAsync(paths.Sample(program)), program, arguments, node: "run-1");
        await Task.Delay(runFor);
        var taken = await client.SnapshotAsync(deployed.InstanceId, leavePaused: true);
        await client.StopAsync(deployed.InstanceId);
        results.Samples.Add(new SampleInfo(label, program, string.Join(' ', arguments), 0, 0, taken.Bytes, double.NaN));
        return await client.LocateAsync(taken.SnapshotId);
    }

    /// <summary>
    /// Forks <paramref name="snapshot"/> on run-1 at every granularity × mode: once cold (the run node restores it
    /// from the memory node) and then <paramref name="repetitions"/> times from the run node's cached restore. Each
    /// fork is stopped as soon as it has started.
    /// </summary>
    public async Task LatencyAsync(string label, SnapshotRef snapshot, int repetitions)
    {
        var runNode = await cluster.Client.RunNodeAsync("run-1");
        foreach (var granularity in InProcessForkBench.Granularities)
        {
            foreach (var mode in InProcessForkBench.Modes)
            {
                status($"remote fork of {label}: {granularity} × {mode}");
                var (cold, coldForked) = await ForkAsync(runNode.Actor, snapshot, granularity, mode, 1);
                await StopAsync(runNode.Actor, coldForked);
                var times = new List<double>();
                Forked? last = null;
                for (var i = 0; i < repetitions; i++)
                {
                    var (micros, forked) = await ForkAsync(runNode.Actor, snapshot, granularity, mode, 1);
                    times.Add(micros);
                    await StopAsync(runNode.Actor, forked);
                    last = forked;
                }

                results.ForkLatency.Add(new ForkLatencyRow(label, "remote", granularity.ToString(), mode.ToString(), Percentiles.Median(times), Percentiles.Of(times, 99), null, false, last!.Cost.BytesBeforeFirstInstruction, last.Cost.BytesBeforeFirstInstruction, -1, [.. times]));
                results.ForkLatency.Add(new ForkLatencyRow(label, "remote (first fork: restore)", granularity.ToString(), mode.ToString(), cold, cold, null, false, coldForked.Cost.BytesBeforeFirstInstruction, coldForked.Cost.BytesBeforeFirstInstruction, -1, [cold]));
                await SettleAsync(runNode.Actor);
            }
        }
    }

    /// <summary>Forks per second: <paramref name="counts"/> forks of <paramref name="snapshot"/> in one message each.</summary>
    public async Task ThroughputAsync(SnapshotRef snapshot, int[] counts)
    {
        var runNode = await cluster.Client.RunNodeAsync("run-1");
        foreach (var count in counts)
        {
            status($"{count:N0} remote forks in one message");
            var (micros, forked) = await ForkAsync(runNode.Actor, snapshot, Granularity.Mixture, CopyMode.Cow, count);
            await StopAsync(runNode.Actor, forked);
            results.ForkThroughput.Add(new ThroughputRow("remote", count, micros / 1e6, count / (micros / 1e6), "one ForkFrom message (Mixture, COW) to run-1; reply when every fork has reached its first instruction (the run node sends it then)"));
            await SettleAsync(runNode.Actor);
        }
    }

    /// <summary>Live migration of each size between the run nodes: see <see cref="ClusterMigrationBench"/>.</summary>
    public Task MigrationsAsync(int[] sizes, int repetitions) => new ClusterMigrationBench(cluster, results, status).RunAsync(sizes, repetitions);

    /// <summary>
    /// How long <paramref name="program"/> runs on run-1 from its deploy reply to its end: the second of two runs, as
    /// the first also loads and compiles the module.
    /// </summary>
    public async Task<TimeSpan> RunTimeAsync(string program, string[] arguments)
    {
        var runNode = await cluster.Client.RunNodeAsync("run-1");
        var wasm = await File.ReadAllBytesAsync(paths.Sample(program));
        var time = TimeSpan.Zero;
        for (var run = 0; run < 2; run++)
        {
            var deployed = await cluster.Client.DeployAsync(wasm, program, arguments, node: "run-1");
            var started = Stopwatch.GetTimestamp();
            await WhileRunningAsync(runNode.Actor, deployed.InstanceId, TimeSpan.FromMinutes(2));
            time = Stopwatch.GetElapsedTime(started);
        }

        return time;
    }

    /// <summary>Polls <paramref name="runNode"/> until the instance has ended (or is gone).</summary>
    private async Task WhileRunningAsync(IActorRef runNode, string instanceId, TimeSpan limit)
    {
        var deadline = DateTime.UtcNow + limit;
        while (DateTime.UtcNow < deadline)
        {
            var list = await runNode.Ask<InstanceList>(new ListInstances(Interlocked.Increment(ref _requestId)), cluster.Client.Timeout);
            var info = list.Instances.FirstOrDefault(i => i.InstanceId == instanceId);
            if (info is null || info.State is not (InstanceState.Starting or InstanceState.Running))
            {
                return;
            }

            await Task.Delay(2);
        }

        throw new TimeoutException($"instance {instanceId} still runs after {limit.TotalSeconds:0} s");
    }

    private async Task<(double Micros, Forked Forked)> ForkAsync(IActorRef runNode, SnapshotRef snapshot, Granularity granularity, CopyMode mode, int count)
    {
        var start = Stopwatch.GetTimestamp();
        var reply = await runNode.Ask<object>(new ForkFrom(Interlocked.Increment(ref _requestId), snapshot, granularity, mode, count, ActorRefs.Nobody), cluster.Client.Timeout);
        var micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        return reply switch
        {
            Forked forked => (micros, forked),
            OperationFailed failed => throw new Actors.Orchestration.OrchestratorException(failed.Operation, failed.Reason),
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
        };
    }

    /// <summary>
    /// Stops the forks and waits for each to confirm: forks of the counter compute flat out, and stopped ones still
    /// running would take the cores from the next measurement.
    /// </summary>
    private async Task StopAsync(IActorRef runNode, Forked forked) =>
        await Task.WhenAll(forked.InstanceIds.Select(id => runNode.Ask<object>(new StopInstance(Interlocked.Increment(ref _requestId), id), cluster.Client.Timeout)));

    /// <summary>Waits until the stopped forks are gone, so the next batch does not share the cores with them.</summary>
    private async Task SettleAsync(IActorRef runNode)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (DateTime.UtcNow < deadline)
        {
            var stats = await runNode.Ask<NodeStats>(new GetNodeStats(Interlocked.Increment(ref _requestId)), cluster.Client.Timeout);
            if (stats.Instances == 0)
            {
                return;
            }

            await Task.Delay(50);
        }
    }
}
