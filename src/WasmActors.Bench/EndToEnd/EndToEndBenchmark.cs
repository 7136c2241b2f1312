using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using WasmActors.Bench.Exec;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// One end-to-end run on this machine: every section of the benchmark in turn, each failure recorded as a problem
/// so the report is always written. Sections: samples, in-process forks, baselines, throughput and memory, page
/// faults, migration (in-process), the cluster's remote forks and migration, execution vs Wasmtime.
/// </summary>
internal sealed class EndToEndBenchmark(EndToEndOptions options, RepositoryPaths paths, IBenchProgress progress)
{
    public static readonly string[] Sections =
    [
        "samples", "fork latency (in-process)", "baselines", "fork throughput and memory", "page faults", "migration (in-process)", "cluster (remote forks, migration)", "execution vs Wasmtime",
    ];

    public async Task<BenchResults> RunAsync()
    {
        var clock = Stopwatch.StartNew();
        var results = new BenchResults
        {
            Machine = new BenchMachine(DateTime.UtcNow, Environment.ProcessorCount, RuntimeInformation.OSDescription, RuntimeInformation.FrameworkDescription, LoadAverage(), options.Quick),
        };
        var samples = new List<SampleSnapshot>();

        Section(results, Sections[0], () =>
        {
            foreach (var (name, program, size) in new[] { ("dense", "bigmem", options.DenseMebibytes), ("sparse", "sparse", options.SparseMebibytes) })
            {
                progress.Status(name);
                try
                {
                    var sample = SampleSnapshot.Capture(paths, name, program, [Invariant(size)]);
                    samples.Add(sample);
                    results.Samples.Add(sample.Info);
                }
                catch (InvalidOperationException e)
                {
                    results.Problems.Add($"sample {name}: {e.Message}");
                }
            }

            return string.Join(", ", samples.Select(s => $"{s.Info.Name} {Goals.Bytes(s.Info.MemoryBytes)}"));
        });

        Section(results, Sections[1], () =>
        {
            foreach (var sample in samples)
            {
                InProcessForkBench.Latency(sample, options.ForkRepetitions, options.CompletionLimit, results, progress.Status);
            }

            var cow = results.ForkLatency.Where(f => f.Sample == "dense" && f.Mode == nameof(CopyMode.Cow)).MinBy(f => f.FirstInstructionMicros);
            return cow is null ? "no rows" : $"dense COW best {cow.FirstInstructionMicros:N0} µs ({cow.Granularity})";
        });

        Section(results, Sections[2], () =>
        {
            foreach (var sample in samples)
            {
                InProcessForkBench.ForkBaseline(sample, options.BaselineRepetitions, results);
            }

            BaselineBench.Run(paths, "bigmem", options.BaselineRepetitions, results);
            return string.Join(", ", results.Baselines.Select(b => $"{b.Name} {b.MedianMicros:N1} µs"));
        });

        Section(results, Sections[3], () =>
        {
            if (samples.FirstOrDefault(s => s.Info.Name == "dense") is { } dense)
            {
                InProcessForkBench.Throughput(dense, options.ForkCounts, options.MemoryForks, results, progress.Status);
            }

            var best = results.ForkThroughput.MaxBy(t => t.ForksPerSecond);
            return best is null ? "no rows" : $"{best.ForksPerSecond:N0} forks/s at {best.Forks:N0}";
        });

        await SectionAsync(results, Sections[4], async () =>
        {
            await PageFaultBench.RunAsync(options.FaultSamples, results, progress.Status);
            return string.Join(", ", results.PageFaults.Where(p => p.PageBytes == 4096).Select(p => $"{p.Path.Split(' ')[0]} p50 {p.P50Micros:N0} µs"));
        });

        Section(results, Sections[5], () =>
        {
            InProcessMigrationBench.Run(paths, options.MigrationMebibytes, InProcessMigrationBench.InstructionModel(paths), results, progress.Status);

            return string.Join(", ", results.Migration.Select(m => $"{m.Mebibytes} MiB {m.DowntimeMillis:0.0} ms"));
        });

        if (options.Cluster)
        {
            await SectionAsync(results, Sections[6], async () =>
            {
                progress.Status("starting memory node, run-1, run-2");
                await using var cluster = await BenchCluster.StartAsync(paths.Hocon, TimeSpan.FromSeconds(90), options.EngineThreadNice);
                var bench = new ClusterBench(cluster, paths, results, progress.Status);
                // The counter runs for minutes, so its snapshot is mid-run whenever it is taken; bigmem is snapshotted
                // about where the in-process dense sample pauses. Each step's failure is recorded and the next runs.
                var counter = await Step(results, "remote counter snapshot", () => bench.SnapshotAsync("counter", "counter", ["1000000", "1000000", "20000"], TimeSpan.FromMilliseconds(300)));
                if (counter is not null)
                {
                    await Step(results, "remote fork latency (counter)", async () => { await bench.LatencyAsync("counter", counter, options.RemoteForkRepetitions); return counter; });
                    await Step(results, "remote fork throughput", async () => { await bench.ThroughputAsync(counter, options.RemoteForkCounts); return counter; });
                }

                string[] denseArguments = [Invariant(options.DenseMebibytes)];
                var dense = await Step(results, "remote dense snapshot", async () =>
                {
                    var runTime = await bench.RunTimeAsync("bigmem", denseArguments);
                    // The snapshot request first finds the instance's node: leave room for that before the run ends.
                    return await bench.SnapshotAsync("dense (remote)", "bigmem", denseArguments, runTime / 4);
                });
                if (dense is not null)
                {
                    await Step(results, "remote fork latency (dense)", async () => { await bench.LatencyAsync("dense", dense, options.RemoteForkRepetitions); return dense; });
                }

                await bench.MigrationsAsync(options.MigrationMebibytes, options.MigrationRepetitions);
                var fork = results.ForkLatency.Where(f => f.Where == "remote" && f.Mode == nameof(CopyMode.Cow)).MinBy(f => f.FirstInstructionMicros);
                return $"bulk path {cluster.BulkTransport ?? "none"}; remote COW fork {fork?.FirstInstructionMicros / 1000:0.00} ms";
            });
        }
        else
        {
            results.Problems.Add("cluster section skipped (--no-cluster): no remote fork or migration figures");
        }

        Section(results, Sections[7], () =>
        {
            var programs = BenchProgram.All.Where(p => options.ExecPrograms.Contains(p.Name)).ToList();
            if (programs.Count == 0)
            {
                return "no programs";
            }

            using var wasmtime = new WasmtimeEngine();
            var timings = new ExecBenchmark(paths.Samples, options.ExecRepetitions, options.Quick)
                .Run(new OurEngine(), wasmtime, programs, t => progress.Status(t.Program.Name));
            results.Exec.AddRange(timings.Select(t => new ExecRow(t.Program.Name, string.Join(' ', t.Program.ArgumentsFor(options.Quick)), t.Ours.TotalMilliseconds, t.Wasmtime.TotalMilliseconds, t.Ratio, t.ResultsAgree)));
            results.ExecGeometricMean = ExecBenchmark.GeometricMean(timings.Select(t => t.Ratio));
            return $"geometric mean {results.ExecGeometricMean:0.0}x Wasmtime's time";
        });

        results.TotalSeconds = clock.Elapsed.TotalSeconds;
        results.LoadAverageAtEnd = LoadAverage();
        return results;
    }

    private static async Task<T?> Step<T>(BenchResults results, string name, Func<Task<T>> body)
        where T : class
    {
        try
        {
            return await body();
        }
        catch (Exception e) when (e is Actors.Orchestration.OrchestratorException or TimeoutException or Akka.Actor.AskTimeoutException or InvalidOperationException)
        {
            results.Problems.Add($"{name}: {e.Message}");
            return null;
        }
    }

    private void Section(BenchResults results, string name, Func<string> body) =>
        SectionAsync(results, name, () => Task.FromResult(body())).GetAwaiter().GetResult();

    private async Task SectionAsync(BenchResults results, string name, Func<Task<string>> body)
    {
        progress.Begin(name);
        var started = Stopwatch.GetTimestamp();
        string summary;
        try
        {
            summary = await body();
        }
        catch (Exception e)
        {
            // A section that fails must not lose the others: the report says what went wrong instead.
            results.Problems.Add($"{name}: {e.GetType().Name}: {e.Message}");
            summary = "failed: " + e.Message;
        }

        results.SectionSeconds[name] = Stopwatch.GetElapsedTime(started).TotalSeconds;
        progress.End(name, summary);
    }

    private static string Invariant(int value) => value.ToString(CultureInfo.InvariantCulture);

    /// <summary>The 1-minute load average (Linux), "n/a" elsewhere.</summary>
    internal static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
}
