using System.Diagnostics;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Node.Bench.EndToEnd;

/// <summary>
/// Migration downtime without a network: bigmem of each size paused part-way (its memory written), then
/// snapshot → restore (Mixture, COW) → first instruction, all in one process. The remote figure, over the actors'
/// migrate, is measured by <see cref="ClusterBench"/>.
/// </summary>
public static class InProcessMigrationBench
{
    /// <summary>
    /// Instructions a run of bigmem takes, as a fixed part plus a part per MiB: counted at 1 and 4 MiB (the run
    /// scales linearly with the size), so large sizes need no counting run of their own.
    /// </summary>
    public static Func<int, long> InstructionModel(RepositoryPaths paths)
    {
        var wasm = File.ReadAllBytes(paths.Sample("bigmem"));
        var one = PausedProgram.CountInstructions(wasm, "bigmem", ["1"]);
        var four = PausedProgram.CountInstructions(wasm, "bigmem", ["4"]);
        var perMebibyte = (four - one) / 3;
        return size => one + (perMebibyte * (size - 1));
    }

    public static void Run(RepositoryPaths paths, int[] sizes, Func<int, long> instructions, BenchResults results, Action<string> status)
    {
        var wasm = File.ReadAllBytes(paths.Sample("bigmem"));
        foreach (var size in sizes)
        {
            status($"{size} MiB");
            using var program = PausedProgram.Start(wasm, "bigmem", [size.ToString(System.Globalization.CultureInfo.InvariantCulture)], (long)(instructions(size) * SampleSnapshot.PauseFraction));
            if (!program.Paused)
            {
                results.Problems.Add($"in-process migration of {size} MiB: bigmem ended before its pause point");
                continue;
            }

            // Downtime starts when the instance is paused (it is, here) and ends at the first instruction on the target.
            var clock = Stopwatch.StartNew();
            var snapshot = program.Capture();
            var captured = clock.Elapsed.TotalMilliseconds;
            var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(snapshot), PausedProgram.RestoreOptions(snapshot, Granularity.Mixture, CopyMode.Cow, out var wasi));
            var downtime = clock.Elapsed.TotalMilliseconds;
            using (wasi)
            {
                var exit = PausedProgram.Finish(restored.Machine!);
                results.Migration.Add(new MigrationRow(
                    size,
                    "in-process",
                    downtime,
                    captured,
                    downtime - captured,
                    restored.Metrics.BytesBeforeFirstInstruction,
                    $"pause → snapshot → restore (Mixture, COW) → resume in one process; the moved program exited {exit}"));
            }
        }
    }
}
