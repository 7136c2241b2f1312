using System.Diagnostics;
using System.Globalization;
using WasmActors.Actors.Orchestration;
using WasmActors.Bench.EndToEnd;

namespace WasmActors.Bench.Durability;

/// <summary>
/// Snapshot acknowledgement latency on an in-process cluster whose memory nodes each hold every snapshot
/// (docs/adr-022-snapshot-replication.md): a fresh instance of each program is deployed on run-1, runs until its
/// first output, and is snapshotted; the time is the snapshot request's round trip, which ends when the memory node
/// has stored it and its copies and sent SnapshotStored. A fresh instance each round, so every snapshot is a whole
/// one, not a delta of the previous; one unrecorded round first pays for first use (JIT, connections).
/// </summary>
internal sealed class AcknowledgementBench(BenchCluster cluster, RepositoryPaths paths, Action<string> line)
{
    /// <summary>The counter as `wasmactors-bench cold` deploys it: long enough to outlive every round.</summary>
    private static readonly string[] CounterArguments = ["100000000", "100", "20000"];

    public const int ResidentMebibytes = 16;

    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);

    public async Task<AcknowledgementRow[]> RunAsync(int replicas, int rounds, CancellationToken cancellation)
    {
        var counter = await File.ReadAllBytesAsync(paths.Sample("counter"), cancellation);
        return
        [
            await ProgramAsync("counter", counter, CounterArguments, replicas, rounds, cancellation),
            await ProgramAsync($"{ResidentMebibytes} MiB resident", ResidentProgram.Build(ResidentMebibytes), [], replicas, rounds, cancellation),
        ];
    }

    private async Task<AcknowledgementRow> ProgramAsync(string label, byte[] wasm, string[] arguments, int replicas, int rounds, CancellationToken cancellation)
    {
        var client = cluster.Client;
        var times = new List<double>();
        long bytes = 0;
        for (var round = 0; round <= rounds; round++)
        {
            cancellation.ThrowIfCancellationRequested();
            var output = new ProgramOutput(cluster.Orchestrator);
            var deployed = await client.DeployAsync(wasm, label, arguments, owner: output.Ref, node: "run-1");
            try
            {
                await output.WaitForAsync(text => text.Length > 0, StartTimeout);
                var clock = Stopwatch.StartNew();
                var taken = await client.SnapshotAsync(deployed.InstanceId);
                var milliseconds = clock.Elapsed.TotalMilliseconds;
                // The memory nodes would otherwise hold every round's snapshot.
                await client.DeleteSnapshotAsync(taken.SnapshotId, withAncestors: true);
                if (round == 0)
                {
                    line($"  {label}, {replicas} replica(s): warm-up round done");
                    continue;
                }

                times.Add(milliseconds);
                bytes = taken.Bytes;
                line(string.Create(CultureInfo.InvariantCulture, $"  {label}, {replicas} replica(s), round {round}/{rounds}: acknowledged after {milliseconds:0.0} ms ({Goals.Bytes(taken.Bytes)})"));
            }
            finally
            {
                await client.StopAsync(deployed.InstanceId);
            }
        }

        return new AcknowledgementRow(label, replicas, bytes, Percentiles.Median(times), Percentiles.Of(times, 90), rounds);
    }
}
