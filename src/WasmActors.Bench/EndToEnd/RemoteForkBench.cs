using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// The remote fork path alone, with enough repetitions for a stable p50/p99: many single COW forks of one snapshot
/// whose restore is cached on the run node (each timed from the request to the <see cref="Forked"/> reply, which the
/// run node sends once the fork has reached its first instruction), a plain request round trip for comparison, and
/// batches of forks in one message.
/// </summary>
internal sealed class RemoteForkBench(BenchCluster cluster, Action<string> line)
{
    private long _requestId = 2_000_000;

    public async Task<RemoteForkFigures> RunAsync(SnapshotRef snapshot, int repetitions, int[] counts)
    {
        var runNode = (await cluster.Client.RunNodeAsync("run-1")).Actor;
        var timeout = cluster.Client.Timeout;

        // Warm up: the first fork restores the snapshot; the next ones exercise the cached path and the JIT.
        for (var i = 0; i < 50; i++)
        {
            await ForkAndStopAsync(runNode, snapshot, 1, timeout);
        }

        await SettleAsync(runNode, timeout);
        var roundTrips = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await runNode.Ask<NodeStats>(new GetNodeStats(Interlocked.Increment(ref _requestId)), timeout);
            roundTrips.Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
        }

        var endToEnd = new List<double>();
        var onNode = new List<double>();
        for (var i = 0; i < repetitions; i++)
        {
            var (micros, forked) = await ForkAndStopAsync(runNode, snapshot, 1, timeout);
            endToEnd.Add(micros);
            onNode.Add(forked.Cost.FirstInstructionMicroseconds ?? double.NaN);
        }

        line(string.Create(CultureInfo.InvariantCulture, $"request round trip (GetNodeStats): p50 {Percentiles.Median(roundTrips):0} µs"));
        line(string.Create(CultureInfo.InvariantCulture, $"remote COW fork to first instruction, {repetitions} forks: p50 {Percentiles.Median(endToEnd):0} µs, p99 {Percentiles.Of(endToEnd, 99):0} µs (request to reply); on the run node p50 {Percentiles.Median(onNode):0} µs, p99 {Percentiles.Of(onNode, 99):0} µs"));
        await SettleAsync(runNode, timeout);
        var throughput = new List<(int Count, double Seconds, double NodeMicros)>();
        foreach (var count in counts)
        {
            var (micros, forked) = await ForkAndStopAsync(runNode, snapshot, count, timeout);
            throughput.Add((count, micros / 1e6, forked.Cost.FirstInstructionMicroseconds ?? double.NaN));
            line(string.Create(CultureInfo.InvariantCulture, $"{count,7} forks in one message: {micros / 1000:0.0} ms to the last first instruction, {count / (micros / 1e6):0} forks/s"));
            await SettleAsync(runNode, timeout);
        }

        var figures = new RemoteForkFigures(
            Percentiles.Median(roundTrips),
            Percentiles.Median(endToEnd),
            Percentiles.Of(endToEnd, 99),
            Percentiles.Median(onNode),
            Percentiles.Of(onNode, 99),
            throughput.Select(t => new RemoteForkThroughput(t.Count, t.Seconds, t.Count / t.Seconds, t.NodeMicros)).ToArray());
        return figures;
    }

    private async Task<(double Micros, Forked Forked)> ForkAndStopAsync(IActorRef runNode, SnapshotRef snapshot, int count, TimeSpan timeout)
    {
        var start = Stopwatch.GetTimestamp();
        var reply = await runNode.Ask<object>(new ForkFrom(Interlocked.Increment(ref _requestId), snapshot, Granularity.Mixture, CopyMode.Cow, count, ActorRefs.Nobody), timeout);
        var micros = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        var forked = reply switch
        {
            Forked f => f,
            OperationFailed failed => throw new Actors.Orchestration.OrchestratorException(failed.Operation, failed.Reason),
            _ => throw new InvalidOperationException($"unexpected reply {reply.GetType().Name}"),
        };
        // Forks of the counter compute flat out: each is stopped (and the stop awaited) before the next request, so
        // running forks never pile up on the cores the measurement needs.
        await Task.WhenAll(forked.InstanceIds.Select(id => runNode.Ask<object>(new StopInstance(Interlocked.Increment(ref _requestId), id), timeout)));
        return (micros, forked);
    }

    private async Task SettleAsync(IActorRef runNode, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(30);
        while (DateTime.UtcNow < deadline)
        {
            var stats = await runNode.Ask<NodeStats>(new GetNodeStats(Interlocked.Increment(ref _requestId)), timeout);
            if (stats.Instances == 0)
            {
                return;
            }

            await Task.Delay(20);
        }
    }
}

/// <summary>Result of <see cref="RemoteForkBench"/>, in microseconds unless named otherwise.</summary>
internal sealed record RemoteForkFigures(
    double RoundTripMicros,
    double EndToEndP50Micros,
    double EndToEndP99Micros,
    double OnNodeP50Micros,
    double OnNodeP99Micros,
    RemoteForkThroughput[] Throughput);

internal sealed record RemoteForkThroughput(int Count, double Seconds, double ForksPerSecond, double OnNodeMicros);
