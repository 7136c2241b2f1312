using System.CommandLine;
using System.Globalization;
using WasmActors.Bench.EndToEnd;
using WasmActors.Bench.Exec;
using WasmActors.Node.Commands;

namespace WasmActors.Bench.Commands;

/// <summary>
/// <c>wasmactors-bench</c>: the end-to-end benchmark (forks, page faults, throughput, memory, migration, execution
/// and baselines in one run on this machine), written as a markdown report with plots and raw JSON. The root command:
/// its subcommands (<c>exec</c>, <c>start</c>, <c>fork</c>, <c>migrate</c>, <c>transport</c>, <c>cold</c>,
/// <c>durability</c>, <c>wast</c>) are the <see cref="ICliCommand"/>s of this assembly.
/// </summary>
internal static class BenchCommand
{
    public const string Description =
        "wasmactors-bench — measure WasmActors on this machine: with no command, the end-to-end report with plots; " +
        "`exec` times the samples against Wasmtime; `wast` runs the WebAssembly spec suite.";

    /// <summary>Parses and runs <paramref name="args"/> as <c>wasmactors-bench</c>.</summary>
    public static int Run(string[] args, TextWriter? output = null, TextWriter? error = null) => CommandLine.Run(Build(), args, output, error);

    public static RootCommand Build()
    {
        var quick = new Option<bool>("--quick") { Description = "smaller counts and inputs: the whole run in under three minutes on two cores" };
        var output = new Option<string>("--out") { Description = "folder for report.md, results.json and the plots (default: bench/results/latest in the repository)" };
        var samples = SamplesOption.Create();
        var noCluster = new Option<bool>("--no-cluster") { Description = "skip the in-process cluster (no remote fork or migration figures)" };

        var bench = new RootCommand(Description)
        {
            quick,
            output,
            samples,
            noCluster,
        };
        bench.SetAction((result, _) => RunAsync(
            result.GetValue(quick),
            result.GetValue(output),
            result.GetValue(samples),
            result.GetValue(noCluster),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return CommandLine.AddCommands(bench, typeof(BenchCommand).Assembly);
    }

    public static async Task<int> RunAsync(bool quick, string? outputDirectory, string? samplesDirectory, bool noCluster, TextWriter output, TextWriter error)
    {
        if (SamplesOption.Resolve(samplesDirectory, "wasmactors-bench", error) is not { } paths)
        {
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
