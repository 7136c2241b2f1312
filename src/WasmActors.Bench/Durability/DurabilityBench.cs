using System.Diagnostics;
using System.Globalization;
using Akka.Actor;
using WasmActors.Actors.Orchestration;
using WasmActors.Bench.EndToEnd;

namespace WasmActors.Bench.Durability;

/// <summary>
/// The steps of <c>wasmactors-bench durability</c>, one after the other, each announced by a line, bounded by
/// <see cref="StepLimit"/> and summarised by a line: snapshot acknowledgement with one memory node and with two
/// (in-process clusters), independence of a migrated 64 MiB program (on the second of them), and failover of a
/// faulting fork when its memory node is killed (node processes; skipped without <paramref name="wasmactors"/>). A
/// step that fails or runs out of time is recorded as a problem and the next one runs.
/// </summary>
internal sealed class DurabilityBench(RepositoryPaths paths, int rounds, int engineThreadNice, string? wasmactors, Action<string> line)
{
    public static readonly TimeSpan StepLimit = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan ClusterTimeout = TimeSpan.FromSeconds(90);

    public async Task<DurabilityResults> RunAsync(CancellationToken cancellation)
    {
        var results = new DurabilityResults { LoadAverageAtStart = EndToEndBenchmark.LoadAverage() };
        var steps = wasmactors is null ? 3 : 4;
        await StepAsync(results, $"step 1/{steps}: snapshot acknowledgement, 1 replica (in-process: memory-1, run-1, run-2)", async token =>
        {
            await using var cluster = await BenchCluster.StartAsync(paths.Hocon, ClusterTimeout, engineThreadNice);
            var rows = await new AcknowledgementBench(cluster, paths, line).RunAsync(1, rounds, token);
            results.Acknowledgements.AddRange(rows);
            return Summary(rows);
        }, cancellation);

        BenchCluster? replicated = null;
        try
        {
            await StepAsync(results, $"step 2/{steps}: snapshot acknowledgement, 2 replicas (in-process: memory-1, memory-2, run-1, run-2)", async token =>
            {
                replicated = await BenchCluster.StartAsync(paths.Hocon, ClusterTimeout, engineThreadNice, memoryNodes: 2);
                var rows = await new AcknowledgementBench(replicated, paths, line).RunAsync(2, rounds, token);
                results.Acknowledgements.AddRange(rows);
                return Summary(rows);
            }, cancellation);

            await StepAsync(results, $"step 3/{steps}: independence of a migrated {IndependenceBench.Mebibytes} MiB program (same cluster, run-1 → run-2)", async token =>
            {
                var cluster = replicated ?? throw new InvalidOperationException("the two-memory-node cluster did not start");
                var row = await new IndependenceBench(cluster, line).RunAsync(StepLimit, token);
                results.Independence = row;
                return string.Create(CultureInfo.InvariantCulture, $"independent after {row.IndependentAfterSeconds:0.00} s, {Goals.Bytes(row.PulledBytes)} pulled, throttle {DurabilityReport.Throttle(row.ThrottleBytesPerSecond)}");
            }, cancellation);
        }
        finally
        {
            if (replicated is not null)
            {
                await replicated.DisposeAsync();
            }
        }

        if (wasmactors is not null)
        {
            await StepAsync(results, $"step 4/{steps}: failover of a faulting COW fork, its memory node killed (node processes)", async token =>
            {
                var row = await new FailoverBench(wasmactors, paths, line).RunAsync(token);
                results.Failover = row;
                return string.Create(CultureInfo.InvariantCulture, $"after the kill of {row.Killed}: pages from {row.ServedBy ?? "?"} again after {row.ResumedSeconds:0.00} s (longest wait {row.LongestWaitSeconds:0.00} s), fork finished after {row.KillToEndSeconds:0.00} s, output {(row.OutputMatches ? "equals" : "DIFFERS from")} the uninterrupted run");
            }, cancellation);
        }

        results.LoadAverageAtEnd = EndToEndBenchmark.LoadAverage();
        return results;
    }

    private async Task StepAsync(DurabilityResults results, string name, Func<CancellationToken, Task<string>> step, CancellationToken cancellation)
    {
        line($"{name} ...");
        var clock = Stopwatch.StartNew();
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellation);
        limit.CancelAfter(StepLimit);
        try
        {
            var summary = await step(limit.Token);
            line(string.Create(CultureInfo.InvariantCulture, $"{name}: {summary} ({clock.Elapsed.TotalSeconds:0} s)"));
        }
        catch (OperationCanceledException) when (!cancellation.IsCancellationRequested)
        {
            Fail(results, name, $"not done within {StepLimit.TotalMinutes:0} min");
        }
        catch (Exception e) when (e is OrchestratorException or TimeoutException or AskTimeoutException or InvalidOperationException or KeyNotFoundException or IOException)
        {
            Fail(results, name, e.Message);
        }
    }

    private void Fail(DurabilityResults results, string name, string reason)
    {
        results.Problems.Add($"{name}: {reason}");
        line($"{name}: FAILED: {reason}");
    }

    private static string Summary(AcknowledgementRow[] rows) =>
        string.Join("; ", rows.Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Program} median {r.MedianMilliseconds:0.0} ms, p90 {r.P90Milliseconds:0.0} ms")));
}
