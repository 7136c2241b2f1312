using System.Diagnostics;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// Forks in one process through WasmActors.Snapshot: restores from an in-process mirror at every granularity × mode
/// (time to the first instruction and to the end of the program), O(1) forks of a restored snapshot (the baseline),
/// forks per second, and memory held per fork.
/// </summary>
internal static class InProcessForkBench
{
    public static readonly Granularity[] Granularities = Enum.GetValues<Granularity>();

    public static readonly CopyMode[] Modes = [CopyMode.Cow, CopyMode.NoCow];

    public static void Latency(SampleSnapshot sample, int repetitions, TimeSpan completionLimit, BenchResults results, Action<string> status)
    {
        // One mirror per snapshot, as a memory node keeps one: its whole-file form (the Wasm unit) is written once.
        var mirror = new LocalSnapshotSource(sample.Snapshot);
        foreach (var granularity in Granularities)
        {
            foreach (var mode in Modes)
            {
                status($"{sample.Info.Name}: {granularity} × {mode}");
                RestoreOnce(sample, mirror, granularity, mode, null); // warm: module code cached, JIT done
                var firsts = new List<double>();
                double? completion = null;
                var capped = false;
                ForkMetrics? last = null;
                for (var i = 0; i < repetitions; i++)
                {
                    // Only the last restore runs the program to its end: the run dominates the section's time.
                    var finish = i == repetitions - 1 ? completionLimit : (TimeSpan?)null;
                    var (metrics, completed, stopped) = RestoreOnce(sample, mirror, granularity, mode, finish);
                    firsts.Add(metrics.TimeToFirstInstruction.TotalMicroseconds);
                    completion = completed ?? completion;
                    capped |= stopped;
                    last = metrics;
                }

                results.ForkLatency.Add(new ForkLatencyRow(
                    sample.Info.Name,
                    "in-process",
                    granularity.ToString(),
                    mode.ToString(),
                    Percentiles.Median(firsts),
                    Percentiles.Of(firsts, 99),
                    completion,
                    capped,
                    last!.BytesBeforeFirstInstruction,
                    last.BytesFetched,
                    last.Faults,
                    [.. firsts]));
            }
        }
    }

    /// <summary>The baseline: a further fork of an already restored snapshot (no source involved), to its first instruction.</summary>
    public static void ForkBaseline(SampleSnapshot sample, int repetitions, BenchResults results)
    {
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(sample.Snapshot), PausedProgram.RestoreOptions(sample.Snapshot, Granularity.Mixture, CopyMode.Cow, out var wasi));
        using (wasi)
        {
            for (var i = 0; i < 50; i++)
            {
                restored.Fork();
            }

            var times = new List<double>();
            for (var i = 0; i < Math.Max(repetitions, 200); i++)
            {
                var fork = restored.Fork();
                times.Add(fork.Metrics.TimeToFirstInstruction.TotalMicroseconds);
            }

            results.Baselines.Add(new BaselineRow("in-process COW fork", sample.Info.Name, Percentiles.Median(times), Percentiles.Of(times, 99), "RestoredInstance.Fork(): pages shared read-only with the restored parent"));
        }
    }

    /// <summary>Forks per second from one restored snapshot, and the memory that <paramref name="memoryForks"/> forks writing 10 pages each hold.</summary>
    public static void Throughput(SampleSnapshot sample, int[] counts, int memoryForks, BenchResults results, Action<string> status)
    {
        var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(sample.Snapshot), PausedProgram.RestoreOptions(sample.Snapshot, Granularity.Mixture, CopyMode.Cow, out var wasi));
        using (wasi)
        {
            restored.Fork();
            foreach (var count in counts)
            {
                status($"{count:N0} in-process forks");
                // Small batches take microseconds, so one collection would swamp a single timing: median of five.
                var times = new List<double>();
                for (var batch = 0; batch < 5; batch++)
                {
                    var forks = new ForkedInstance[count];
                    var clock = Stopwatch.StartNew();
                    for (var i = 0; i < count; i++)
                    {
                        forks[i] = restored.Fork();
                    }

                    times.Add(clock.Elapsed.TotalSeconds);
                    GC.KeepAlive(forks);
                }

                var seconds = Percentiles.Median(times);
                results.ForkThroughput.Add(new ThroughputRow("in-process", count, seconds, count / seconds, "COW forks of one restored snapshot, each ready at its first instruction; median of 5 batches"));
            }

            status($"memory of {memoryForks:N0} forks");
            results.ForkMemory.Add(Memory(sample, restored, memoryForks));
        }
    }

    private static ForkMemoryRow Memory(SampleSnapshot sample, RestoredInstance restored, int count)
    {
        const int pagesEach = 10;
        var page = new byte[4096];
        page[0] = 1;
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var forks = new ForkedInstance[count];
        var memoryPages = (int)(sample.Info.MemoryBytes / 4096);
        for (var i = 0; i < count; i++)
        {
            forks[i] = restored.Fork();
            var memory = forks[i].Store.Memories[0];
            for (var p = 0; p < pagesEach; p++)
            {
                // Spread the writes over the whole memory, as forks of one parent each doing their own work would.
                var index = (int)(((long)i * pagesEach + p) * 7919 % memoryPages);
                memory.Write((ulong)index * 4096, page);
            }
        }

        var after = GC.GetTotalMemory(forceFullCollection: true);
        var owned = forks.Sum(f => f.Metrics.OwnedPages);
        GC.KeepAlive(forks);
        var bytes = Math.Max(0, after - before);
        return new ForkMemoryRow(sample.Info.Name, count, pagesEach, bytes, owned, bytes / (double)count);
    }

    /// <param name="finish">Run the program to its end, for at most this long; null: stop at the first instruction.</param>
    private static (ForkMetrics Metrics, double? CompletionMillis, bool Capped) RestoreOnce(SampleSnapshot sample, LocalSnapshotSource mirror, Granularity granularity, CopyMode mode, TimeSpan? finish)
    {
        var restored = SnapshotRestorer.Restore(mirror, PausedProgram.RestoreOptions(sample.Snapshot, granularity, mode, out var wasi));
        using (wasi)
        {
            if (finish is not { } limit)
            {
                return (restored.Metrics, null, false);
            }

            var exit = PausedProgram.Finish(restored.Machine!, limit);
            restored.Metrics.MarkCompleted();
            return (restored.Metrics, restored.Metrics.TimeToCompletion!.Value.TotalMilliseconds, exit is null);
        }
    }
}
