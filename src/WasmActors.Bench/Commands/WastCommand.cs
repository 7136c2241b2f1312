using System.CommandLine;
using WasmActors.Bench.Wast;
using WasmActors.Node.Commands;

namespace WasmActors.Bench.Commands;

/// <summary><c>wasmactors-bench wast PATH</c>: runs converted spec test files, as <c>wasmtime wast</c> does.</summary>
internal sealed class WastCommand : ICliCommand
{
    public const int BadPathExitCode = 2;

    public Command Build()
    {
        var path = new Argument<string>("PATH")
        {
            Description = "a converted spec file (<name>/<name>.json, from wast2json) or a folder: every <name>/<name>.json below it",
        };
        var verbose = new Option<bool>("--verbose", "-v")
        {
            Description = $"list every failure (by default the first {WastReport.DefaultFailuresShown} per file)",
        };
        var timeout = new Option<int>("--timeout")
        {
            Description = "seconds a file may run before its remaining commands count as failed (0: no limit)",
            DefaultValueFactory = _ => 300,
        };

        var command = new Command("wast", "Run WebAssembly spec test files and report passed, failed and skipped commands.")
        {
            path,
            verbose,
            timeout,
        };
        command.SetAction(result => Run(
            result.GetRequiredValue(path),
            result.GetValue(verbose),
            result.GetValue(timeout),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return command;
    }

    /// <summary>Exit code 0 when nothing failed, 1 when something did, 2 when the path names no spec file.</summary>
    public static int Run(string path, bool verbose, int timeoutSeconds, TextWriter output, TextWriter error)
    {
        var files = WastSuite.Discover(path);
        if (files is null || files.Count == 0)
        {
            error.WriteLine($"wasmactors-bench wast: {path}: not a .json spec file nor a folder holding <name>/<name>.json files");
            return BadPathExitCode;
        }

        var options = new WastRunOptions
        {
            FileTimeLimit = timeoutSeconds > 0 ? TimeSpan.FromSeconds(timeoutSeconds) : null,
        };
        var report = new WastReport(output, verbose);
        report.WriteLegend();
        foreach (var file in files)
        {
            report.Add(WastSuite.RunFile(file, options));
        }

        report.WriteTotals();
        return report.Failed == 0 ? 0 : 1;
    }
}
