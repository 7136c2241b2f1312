using System.CommandLine;
using WasmActors.Bench.Cold;
using WasmActors.Bench.EndToEnd;
using WasmActors.Node.Commands;

namespace WasmActors.Bench.Commands;

/// <summary>
/// <c>wasmactors-bench cold</c>: the figures a user meets on a freshly started cluster of node processes — the first
/// fork on a run node that never ran the program, the first migration — beside the same done a second time, the first
/// fork on run nodes that join after the snapshots were stored, and the wall time of each client command
/// (<see cref="ColdBench"/>).
/// </summary>
internal sealed class BenchColdCommand : ICliCommand
{
    public Command Build()
    {
        var rounds = new Option<int>("--rounds", "-n") { Description = "fresh clusters to measure (medians are reported)", DefaultValueFactory = _ => 3 };
        var wasmactors = new Option<string>("--wasmactors") { Description = "the wasmactors.dll the nodes and commands run (default: the one beside this tool; a `dotnet publish` of src/WasmActors.Node is compiled ahead of time)" };
        var settle = new Option<double>("--settle") { Description = "seconds the fresh nodes get after the cluster is up, before the first command", DefaultValueFactory = _ => 10 };
        var samples = SamplesOption.Create();
        var cold = new Command("cold", "Time the first fork and the first migration on freshly started node processes, the first fork on run nodes that join later, and each client command's wall time.")
        {
            rounds,
            wasmactors,
            settle,
            samples,
        };
        cold.SetAction((result, _) => RunAsync(
            result.GetValue(rounds),
            result.GetValue(wasmactors),
            result.GetValue(settle),
            result.GetValue(samples),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return cold;
    }

    public static async Task<int> RunAsync(int rounds, string? wasmactors, double settleSeconds, string? samplesDirectory, TextWriter output, TextWriter error)
    {
        if (SamplesOption.Resolve(samplesDirectory, "wasmactors-bench cold", error) is not { } paths)
        {
            return 2;
        }

        var dll = ColdCluster.WasmactorsDll(wasmactors);
        if (rounds < 1 || settleSeconds < 0 || !File.Exists(dll))
        {
            error.WriteLine($"wasmactors-bench cold: --rounds must be at least 1, --settle not negative, and {dll} must exist");
            return 2;
        }

        output.WriteLine($"nodes and commands: {dll}");
        var bench = new ColdBench(dll, paths, TimeSpan.FromSeconds(settleSeconds), output.WriteLine);
        try
        {
            for (var round = 1; round <= rounds; round++)
            {
                await bench.RoundAsync(round);
            }
        }
        catch (Exception e) when (e is InvalidOperationException or TimeoutException or System.Text.Json.JsonException or KeyNotFoundException)
        {
            error.WriteLine($"wasmactors-bench cold: {e.Message}");
            return 1;
        }

        bench.Summarise();
        return 0;
    }
}
