using System.CommandLine;
using System.Globalization;
using WasmActors.Bench.EndToEnd;
using WasmActors.Node.Commands;

namespace WasmActors.Bench.Commands;

/// <summary>
/// <c>wasmactors-bench fork</c>: the remote fork path alone (an in-process memory node and run nodes over Akka.Remote
/// on loopback): p50/p99 of a COW fork to its first instruction and forks per second for batches in one message.
/// </summary>
internal sealed class BenchForkCommand : ICliCommand
{
    public Command Build()
    {
        var repetitions = new Option<int>("--repetitions", "-n") { Description = "single forks timed", DefaultValueFactory = _ => 1000 };
        var counts = new Option<int[]>("--count") { Description = "batch sizes for forks per second (repeatable)", DefaultValueFactory = _ => [100] };
        var samples = SamplesOption.Create();
        var fork = new Command("fork", "Time remote COW forks to their first instruction (p50/p99) and forks per second on an in-process cluster.")
        {
            repetitions,
            counts,
            samples,
        };
        fork.SetAction((result, _) => RunAsync(
            result.GetValue(repetitions),
            result.GetValue(counts) ?? [],
            result.GetValue(samples),
            result.InvocationConfiguration.Output,
            result.InvocationConfiguration.Error));
        return fork;
    }

    public static async Task<int> RunAsync(int repetitions, int[] counts, string? samplesDirectory, TextWriter output, TextWriter error)
    {
        if (SamplesOption.Resolve(samplesDirectory, "wasmactors-bench fork", error) is not { } paths)
        {
            return 2;
        }

        if (repetitions < 1 || counts.Any(c => c < 1))
        {
            error.WriteLine("wasmactors-bench fork: --repetitions and --count must be at least 1");
            return 2;
        }

        output.WriteLine("starting memory node, run-1, run-2");
        await using var cluster = await BenchCluster.StartAsync(paths.Hocon, TimeSpan.FromSeconds(90));
        var results = new BenchResults
        {
            Machine = new BenchMachine(DateTime.UtcNow, Environment.ProcessorCount, "", "", "", true),
        };
        var snapshot = await new ClusterBench(cluster, paths, results, _ => { }).SnapshotAsync("counter", "counter", ["1000000", "1000000", "20000"], TimeSpan.FromMilliseconds(300));
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"snapshot {snapshot.SnapshotId} of the counter sample; bulk path {cluster.BulkTransport ?? "none"}"));
        try
        {
            await new RemoteForkBench(cluster, output.WriteLine).RunAsync(snapshot, repetitions, counts);
            return 0;
        }
        catch (TimeoutException e)
        {
            // Typically a batch of flat-out forks larger than the run node's cores can start and still answer.
            error.WriteLine($"wasmactors-bench fork: no answer in time ({e.Message}); try smaller --count values");
            return 1;
        }
    }
}
