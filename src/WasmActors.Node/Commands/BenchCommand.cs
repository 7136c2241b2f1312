using System.CommandLine;
using System.Globalization;
using WasmActors.Node.Bench;
using WasmActors.Node.Bench.EndToEnd;

namespace WasmActors.Node.Commands;

/// <summary>
/// <c>wasmactors bench</c>: the end-to-end benchmark (forks, page faults, throughput, memory, migration, execution
/// and baselines in one run on this machine), written as a markdown report with plots and raw JSON. Holds
/// <c>bench exec</c> (<see cref="BenchExecCommand"/>) as a subcommand.
/// </summary>
internal sealed class BenchCommand : ICliCommand
{
    public Command Build()
    {
        var quick = new Option<bool>("--quick") { Description = "smaller counts and inputs: the whole run in under three minutes on two cores" };
        var output = new Option<string>("--out") { Description = "folder for report.md, results.json and the plots (default: bench/results/latest in the repository)" };
        var samples = new Option<string>("--samples") { Description = "folder holding the sample .wasm files (default: the repository's samples/)" };
        var noCluster = new Option<bool>("--no-cluster") { Description = "skip the in-process cluster (no remote fork or migration figures)" };

        var bench = new Command("bench", "Run the end-to-end benchmark on this machine and write a report with plots; `bench exec` times the samples against Wasmtime.")
        {
            quick,
            output,
            samples,
            noCluster,
            new BenchExecCommand().Build(),
            new BenchForkCommand().Build(),
            new BenchMigrateCommand().Build(),
            new BenchTransportCommand().Build(),
        };
        bench.SetAction((result, _) => RunAsync(
            result.GetValue(quick),
            result.GetValue(output),
            result.GetValue(samples),
            result.GetValue(noCluster),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return bench;
    }

    public static async Task<int> RunAsync(bool quick, string? outputDirectory, string? samplesDirectory, bool noCluster, TextWriter output, TextWriter error)
    {
        var paths = RepositoryPaths.Find(samplesDirectory);
        if (paths is null)
        {
            error.WriteLine("wasmactors bench: samples folder not found (run inside the repository or pass --samples DIR)");
            return 2;
        }

        var options = (quick ? EndToEndOptions.QuickRun : EndToEndOptions.Full) with { Cluster = !noCluster };
        var directory = outputDirectory ?? Path.Combine(Path.GetDirectoryName(Path.GetFullPath(paths.Samples).TrimEnd(Path.DirectorySeparatorChar))!, "bench", "results", "latest");
        // A live display in a terminal; plain lines when the output goes to a file or a pipe.
        var results = Console.IsOutputRedirected || output != Console.Out
            ? await new EndToEndBenchmark(options, paths, new LineProgress(output)).RunAsync()
            : await ConsoleProgress.RunAsync(progress => new EndToEndBenchmark(options, paths, progress).RunAsync());
        ReportFiles.Write(results, directory);

        foreach (var goal in Goals.Check(results))
        {
            output.WriteLine($"{goal.Issue} {goal.Goal}: {goal.Measured}{goal.Met switch { true => " (met)", false => " (not met)", null => "" }}");
        }

        foreach (var problem in results.Problems)
        {
            error.WriteLine($"problem: {problem}");
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"report: {Path.Combine(directory, ReportFiles.Markdown)} ({results.TotalSeconds:0} s)"));
        return 0;
    }
}
