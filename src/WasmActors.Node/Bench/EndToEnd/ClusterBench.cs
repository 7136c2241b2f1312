using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Node.Bench.EndToEnd;

/// <summary>
/// Remote figures over the actor system: forks of a snapshot stored on the memory node started on a run node with
/// one <see cref="ForkFrom"/> message (latency per granularity × mode, forks per second for a batch), and live
/// migration of bigmem between the two run nodes.
/// </summary>
public sealed class ClusterBench(BenchCluster cluster, RepositoryPaths paths, BenchResults results, Action<string> status)
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
                Stop(runNode.Actor, coldForked);
                var times = new List<double>();
                Forked? last = null;
                for (var i = 0; i < repetitions; i++)
                {
                    var (micros, forked) = await ForkAsync(runNode.Actor, snapshot, granularity, mode, 1);
                    times.Add(micros);
                    Stop(runNode.Actor, forked);
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
            Stop(runNode.Actor, forked);
            results.ForkThroughput.Add(new ThroughputRow("remote", count, micros / 1e6, count / (micros / 1e6), "one ForkFrom message (Mixture, COW) to run-1; reply when every fork's actor is started; forks are running meanwhile"));
            await SettleAsync(runNode.Actor);
        }
    }

    /// <summary>
    /// For each size: bigmem run on run-1 to learn how long it runs there, then deployed again and, a third of that
    /// time later, moved to run-2 with one <see cref="MigrateTo"/> sent straight to run-1; the nodes report the
    /// downtime (pause to first instruction on the target).
    /// </summary>
    public async Task MigrationsAsync(int[] sizes)
    {
        var client = cluster.Client;
        var wasm = await File.ReadAllBytesAsync(paths.Sample("bigmem"));
        var counter = await File.ReadAllBytesAsync(paths.Sample("counter"));
        var source = await client.RunNodeAsync("run-1");
        var target = await client.RunNodeAsync("run-2");
        foreach (var size in sizes)
        {
            status($"migrate {size} MiB run-1 → run-2");
            string[] arguments = [size.ToString(CultureInfo.InvariantCulture)];
            try
            {
                // bigmem of a MiB or less ends within milliseconds, before a migration can reach it; the counter
                // sample (about a MiB of memory) runs for minutes instead.
                var small = size <= 1;
                var runTime = small ? TimeSpan.FromMilliseconds(600) : await RunTimeAsync("bigmem", arguments);
                // A warm run can be shorter than the measured one: when the program has ended before the migration
                // reaches it, try again with a shorter head start.
                Migrated? migrated = null;
                var delay = runTime / 3;
                for (var attempt = 0; attempt < 4 && migrated is null; attempt++, delay /= 4)
                {
                    var deployed = small
                        ? await client.DeployAsync(counter, "counter", ["1000000", "1000000", "20000"], node: "run-1")
                        : await client.DeployAsync(wasm, "bigmem", arguments, node: "run-1");
                    await Task.Delay(delay);
                    // A migration that races the program's end may never be answered: bound the wait, not the cluster's timeout.
                    var reply = await source.Actor.Ask<object>(new MigrateTo(Interlocked.Increment(ref _requestId), deployed.InstanceId, target.Name, target.Actor), MigrateTimeout);
                    migrated = reply as Migrated;
                    if (migrated is null && attempt == 3)
                    {
                        results.Problems.Add($"remote migration of {size} MiB (bigmem runs {runTime.TotalMilliseconds:N0} ms on run-1): {(reply as OperationFailed)?.Reason ?? "unexpected reply " + reply.GetType().Name}");
                    }
                }

                if (migrated is null)
                {
                    continue;
                }

                target.Actor.Tell(new StopInstance(Interlocked.Increment(ref _requestId), migrated.NewInstanceId));
                results.Migration.Add(new MigrationRow(size, "remote", migrated.DowntimeMilliseconds, double.NaN, double.NaN, migrated.BytesBeforeFirstInstruction, (small ? "the counter sample, 200 ms into its run; " : $"bigmem, {delay.TotalMilliseconds * 4:N0} ms into a {runTime.TotalMilliseconds:N0} ms run; ") + "actors' migrate run-1 → run-2 (Akka.Remote + bulk path, Mixture COW); downtime as the nodes report it"));
                await SettleAsync(target.Actor);
            }
            catch (Exception e) when (e is Actors.Orchestration.OrchestratorException or TimeoutException or AskTimeoutException)
            {
                results.Problems.Add($"remote migration of {size} MiB: {e.Message} (no reply to the migrate request)");
            }
        }
    }

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

    private void Stop(IActorRef runNode, Forked forked)
    {
        foreach (var id in forked.InstanceIds)
        {
            runNode.Tell(new StopInstance(Interlocked.Increment(ref _requestId), id));
        }
    }

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
