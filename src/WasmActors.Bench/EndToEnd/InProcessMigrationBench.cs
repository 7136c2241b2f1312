using System.Diagnostics;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm.Execution;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// Migration downtime without a network: bigmem of each size paused part-way (its memory written), its base
/// captured while it runs on, then pause → delta snapshot → restore (Mixture, COW) → first instruction, all in one
/// process. The remote figure, over the actors'
/// migrate, is measured by <see cref="ClusterBench"/>.
/// </summary>
internal static class InProcessMigrationBench
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
            var total = instructions(size);
            using var program = PausedProgram.Start(wasm, "bigmem", [size.ToString(System.Globalization.CultureInfo.InvariantCulture)], (long)(total * SampleSnapshot.PauseFraction));
            if (!program.Paused)
            {
                results.Problems.Add($"in-process migration of {size} MiB: bigmem ended before its pause point");
                continue;
            }

            // Pre-copy (docs/adr-006-live-migration.md): the base is captured on another thread while the program
            // runs on for a twentieth of its run; then it pauses, and only what it wrote since is captured.
            var frozenBase = FrozenStore.Freeze(program.Store, program.Machine, [WasiState.Capture(program.Wasi)]);
            SnapshotBaseline? baseline = null;
            var baseTask = Task.Run(() => SnapshotWriter.Capture(frozenBase, null, out baseline));
            program.Machine.Fuel = Math.Max(1, total / 20);
            var ranOn = program.Machine.Run();
            var baseSnapshot = baseTask.GetAwaiter().GetResult();
            if (ranOn != RunStatus.Paused)
            {
                results.Problems.Add($"in-process migration of {size} MiB: bigmem ended during the pre-copy");
                continue;
            }

            // Downtime starts at the pause (the program is paused here) and ends at the first instruction on the target.
            var clock = Stopwatch.StartNew();
            var frozen = FrozenStore.Freeze(program.Store, program.Machine, [WasiState.Capture(program.Wasi)]);
            var delta = SnapshotWriter.Capture(frozen, baseline, out _);
            var captured = clock.Elapsed.TotalMilliseconds;

            // The target sees the delta through its parent, as the memory node serves it.
            var chain = new WasmActors.Snapshot.SnapshotImage(delta.Manifest, delta.Chunks, baseSnapshot);
            var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(chain), PausedProgram.RestoreOptions(chain, Granularity.Mixture, CopyMode.Cow, out var wasi));
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
                    $"pre-copy while it ran on, then pause → delta of {frozen.WrittenPages:N0} written pages ({delta.ChunkBytes / 1024.0:N0} KiB) → restore (Mixture, COW) → resume in one process; the moved program exited {exit}"));
            }
        }
    }
}
