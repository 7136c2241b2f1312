using System.CommandLine;
using System.Globalization;
using WasmActors.Bench.EndToEnd;
using WasmActors.Node.Commands;

namespace WasmActors.Bench.Commands;

/// <summary>
/// <c>wasmactors-bench migrate</c>: remote live migration alone (an in-process memory node and two run nodes over
/// Akka.Remote on loopback): every migration's downtime and where it went, then the median per size.
/// </summary>
internal sealed class BenchMigrateCommand : ICliCommand
{
    public Command Build()
    {
        var sizes = new Option<int[]>("--size") { Description = "memory sizes in MiB (repeatable)", DefaultValueFactory = _ => [64] };
        var repetitions = new Option<int>("--repetitions", "-n") { Description = "migrations per size (the median is reported)", DefaultValueFactory = _ => 9 };
        var samples = SamplesOption.Create();
        var nice = new Option<int>("--engine-thread-nice") { Description = "the run nodes' wasmactors.run-node.engine-thread-nice (0..19)", DefaultValueFactory = _ => EndToEndOptions.Full.EngineThreadNice };
        var migrate = new Command("migrate", "Time remote live migrations (downtime and its phases) on an in-process cluster.")
        {
            sizes,
            repetitions,
            samples,
            nice,
        };
        migrate.SetAction((result, _) => RunAsync(
            result.GetValue(sizes) ?? [],
            result.GetValue(repetitions),
            result.GetValue(samples),
            result.GetValue(nice),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return migrate;
    }

    public static async Task<int> RunAsync(int[] sizes, int repetitions, string? samplesDirectory, int engineThreadNice, TextWriter output, TextWriter error)
    {
        if (SamplesOption.Resolve(samplesDirectory, "wasmactors-bench migrate", error) is not { } paths)
        {
            return 2;
        }

        if (repetitions < 1 || sizes.Length == 0 || !sizes.All(ResidentProgram.IsValidSize) || engineThreadNice is < 0 or > 19)
        {
            error.WriteLine("wasmactors-bench migrate: --repetitions must be at least 1, every --size a power of two from 1 to 1024 MiB and --engine-thread-nice within 0..19");
            return 2;
        }

        output.WriteLine("starting memory node, run-1, run-2");
        await using var cluster = await BenchCluster.StartAsync(paths.Hocon, TimeSpan.FromSeconds(90), engineThreadNice);
        var results = new BenchResults
        {
            Machine = new BenchMachine(DateTime.UtcNow, Environment.ProcessorCount, "", "", "", true),
        };
        var bench = new ClusterMigrationBench(cluster, results, _ => { })
        {
            Sampled = (size, m, gc) => output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{size} MiB: downtime {m.DowntimeMilliseconds:0.00} ms; {MigrationSummary.Describe(m.Phases)}; GC pauses during the whole request {gc.TotalMilliseconds:0.0} ms")),
        };
        await bench.RunAsync(sizes, repetitions);
        foreach (var row in results.Migration)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{row.Mebibytes} MiB: median downtime {row.DowntimeMillis:0.00} ms, {row.BytesBeforeFirstInstruction:N0} bytes before the first instruction"));
        }

        foreach (var problem in results.Problems)
        {
            error.WriteLine($"problem: {problem}");
        }

        return results.Problems.Count == 0 ? 0 : 1;
    }
}
