using System.CommandLine;
using WasmActors.Bench.Cold;
using WasmActors.Bench.Durability;
using WasmActors.Bench.EndToEnd;
using WasmActors.Node.Commands;

namespace WasmActors.Bench.Commands;

/// <summary>
/// <c>wasmactors-bench durability</c>: what keeping snapshots safe costs and how a cluster rides out a memory node's
/// death (<see cref="DurabilityBench"/>): snapshot acknowledgement with one and two replicas, the failover of a
/// faulting fork when its memory node is killed, and the time until a migrated 64 MiB program is independent.
/// </summary>
internal sealed class BenchDurabilityCommand : ICliCommand
{
    public Command Build()
    {
        var rounds = new Option<int>("--rounds", "-n") { Description = "snapshots timed per program and replica count (median and p90 are reported)", DefaultValueFactory = _ => 5 };
        var wasmactors = new Option<string>("--wasmactors") { Description = "the wasmactors.dll the node processes of the failover step run (default: the one beside this tool)" };
        var noProcesses = new Option<bool>("--no-processes") { Description = "skip the failover step, the only one that starts node processes" };
        var nice = new Option<int>("--engine-thread-nice") { Description = "the in-process run nodes' wasmactors.run-node.engine-thread-nice (0..19)", DefaultValueFactory = _ => EndToEndOptions.Full.EngineThreadNice };
        var output = new Option<string>("--out") { Description = "also write the report to DIR/durability.md" };
        var samples = SamplesOption.Create();
        var durability = new Command("durability", "Time snapshot acknowledgement with 1 and 2 replicas, failover of a faulting fork from a killed memory node, and a migrated program's independence.")
        {
            rounds,
            wasmactors,
            noProcesses,
            nice,
            output,
            samples,
        };
        durability.SetAction((result, cancellation) => RunAsync(
            new DurabilityArguments(result.GetValue(rounds), result.GetValue(wasmactors), result.GetValue(noProcesses), result.GetValue(nice), result.GetValue(output), result.GetValue(samples)),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error,
            cancellation));
        return durability;
    }

    public static async Task<int> RunAsync(DurabilityArguments arguments, TextWriter output, TextWriter error, CancellationToken cancellation = default)
    {
        if (SamplesOption.Resolve(arguments.Samples, "wasmactors-bench durability", error) is not { } paths)
        {
            return 2;
        }

        var dll = arguments.NoProcesses ? null : ColdCluster.WasmactorsDll(arguments.Wasmactors);
        if (arguments.Rounds < 1 || arguments.EngineThreadNice is < 0 or > 19 || (dll is not null && !File.Exists(dll)))
        {
            error.WriteLine($"wasmactors-bench durability: --rounds must be at least 1, --engine-thread-nice within 0..19{(dll is null ? "" : $", and {dll} must exist (or pass --no-processes)")}");
            return 2;
        }

        var started = DateTime.UtcNow;
        var results = await new DurabilityBench(paths, arguments.Rounds, arguments.EngineThreadNice, dll, output.WriteLine).RunAsync(cancellation);
        var report = DurabilityReport.Write(results, started);
        output.WriteLine();
        output.Write(report);
        if (arguments.Out is { } directory)
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(Path.Combine(directory, DurabilityReport.FileName), report, cancellation);
            output.WriteLine($"report: {Path.Combine(directory, DurabilityReport.FileName)}");
        }

        foreach (var problem in results.Problems)
        {
            error.WriteLine($"problem: {problem}");
        }

        return results.Problems.Count == 0 ? 0 : 1;
    }
}

/// <summary>The options of <c>wasmactors-bench durability</c>, as given.</summary>
internal sealed record DurabilityArguments(int Rounds, string? Wasmactors, bool NoProcesses, int EngineThreadNice, string? Out, string? Samples);
