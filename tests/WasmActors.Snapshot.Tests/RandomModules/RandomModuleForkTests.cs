using CsCheck;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm.Execution;
using Xunit.Abstractions;

namespace WasmActors.Snapshot.Tests.RandomModules;

/// <summary>
/// Property over random modules (binaryen -ttf, seed chosen by CsCheck) and random pause points: every export is run
/// uninterrupted for reference; then, in a second store, each export is paused after a random amount of fuel,
/// snapshotted (through the file form, sometimes as a delta of the snapshot it was restored from), restored at a random
/// granularity and mode, and resumed to completion — and a further fork of that restore is run to completion as well.
/// Results or trap, logged values and the whole store's state after each export must equal the reference.
/// The number of modules is small by default (CI) and set by WASMACTORS_FORK_SEEDS for longer runs.
/// Half of the modules use fixed-width SIMD. (The engine's tier threshold is a setting, EngineConfig.TierThreshold:
/// at 0 everything runs in the CIL tier, so pauses and resumes happen there.)
/// </summary>
public sealed class RandomModuleForkTests(ITestOutputHelper output)
{
    private const int DefaultModules = 6;

    private sealed record Hop(int Fuel, Granularity Granularity, CopyMode Mode, bool Compress, bool Delta);

    private sealed class Tally
    {
        public int Modules;
        public int Simd;
        public int Exports;
        public int Pauses;
        public int Forks;
        public int Traps;
        public int Skipped;
        public List<string> Mismatches { get; } = [];

        public List<string> Refused { get; } = [];
    }

    [TtfFact]
    public void Pausing_restoring_and_forking_random_modules_never_changes_their_outcome()
    {
        var count = int.TryParse(Environment.GetEnvironmentVariable("WASMACTORS_FORK_SEEDS"), out var n) && n > 0 ? n : DefaultModules;
        var fuel = Gen.OneOf(Gen.Int[0, 3], Gen.Int[0, 40], Gen.Int[0, 2000]);
        var hop = Gen.Select(fuel, Gen.Enum<Granularity>(), Gen.Enum<CopyMode>(), Gen.Bool, Gen.Bool)
            .Select((f, g, m, c, d) => new Hop(f, g, m, c, d));
        var tally = new Tally();
        Gen.Select(Gen.Int[1, 1_000_000], Gen.Bool, hop.Array[1, 3].Array[16]).Sample(
            (seed, simd, plan) => Check(seed, simd, plan, tally),
            iter: count,
            threads: 1);

        output.WriteLine(
            $"{tally.Modules} random modules ({tally.Simd} with SIMD, {tally.Skipped} skipped, {tally.Refused.Count} refused by the engine), {tally.Exports} export calls, {tally.Traps} trapped, " +
            $"{tally.Pauses} pauses snapshotted and resumed, {tally.Forks} further forks run, {tally.Mismatches.Count} mismatches");
        foreach (var mismatch in tally.Mismatches)
        {
            output.WriteLine(mismatch);
        }

        foreach (var refused in tally.Refused)
        {
            output.WriteLine($"not run, the engine refuses the module: {refused}");
        }

        Assert.True(tally.Exports > 0, "no export was called: the generator made empty modules");
        Assert.True(tally.Pauses > 0, "no run paused: the fuel points never fell inside a run");
        Assert.True(tally.Mismatches.Count == 0, string.Join("\n", tally.Mismatches));
    }

    private static void Check(int seed, bool simd, Hop[][] plan, Tally tally)
    {
        FuzzProgram program;
        try
        {
            program = FuzzProgram.Load(TtfModules.Generate(seed, simd));
        }
        catch (WasmActors.Wasm.WasmException e)
        {
            // Whether the engine accepts exactly the valid modules is the differential tests' question, not this one's.
            tally.Refused.Add($"seed {seed}{(simd ? " (SIMD)" : "")}: {e.Message}");
            return;
        }

        tally.Simd += simd ? 1 : 0;
        if (program.Unsupported() is not null || program.Instantiate() is not { } reference || program.Instantiate() is not { } store)
        {
            tally.Skipped++;
            return;
        }

        tally.Modules++;
        var expected = new List<ExportOutcome>();
        for (var i = 0; i < program.Exports.Length; i++)
        {
            var logs = program.Logs.Count;
            expected.Add(program.Finish(reference, program.Prepare(reference, i), i, logs));
        }

        SnapshotImage? restoredFrom = null;
        for (var i = 0; i < program.Exports.Length; i++)
        {
            tally.Exports++;
            var describe = $"seed {seed}{(simd ? " (SIMD)" : "")}, export {i} ({program.Exports[i]}), hops {string.Join(" ", plan[i % plan.Length].Select(h => h.ToString()))}";
            try
            {
                var logs = program.Logs.Count;
                var machine = program.Prepare(store, i);
                string? trap = null;
                foreach (var hop in plan[i % plan.Length])
                {
                    machine.Fuel = hop.Fuel;
                    try
                    {
                        if (machine.Run() == RunStatus.Completed)
                        {
                            break;
                        }
                    }
                    catch (WasmActors.Wasm.WasmTrapException e)
                    {
                        trap = e.Reason;
                        break;
                    }

                    tally.Pauses++;
                    var (restored, snapshot) = Move(program, store, machine, hop, restoredFrom);
                    restoredFrom = snapshot;

                    // A further fork of the same restore, run to its end now: it must end as the reference does too.
                    var fork = restored.Fork();
                    tally.Forks++;
                    var logsAtPause = program.Logs.ToList();
                    var forked = program.Finish(fork.Store, fork.Machine!, i, logs);
                    if (forked.DifferenceFrom(expected[i]) is { } forkDifference)
                    {
                        tally.Mismatches.Add($"{describe}: the further fork: {forkDifference}");
                    }

                    // The fork's logs are its own: the main line continues from the logs it had at the pause.
                    program.Logs.Clear();
                    program.Logs.AddRange(logsAtPause);
                    (store, machine) = (restored.Store, restored.Machine!);
                }

                var outcome = program.Finish(store, machine, i, logs, trap);
                if (outcome.Result.StartsWith("trap", StringComparison.Ordinal))
                {
                    tally.Traps++;
                }

                if (outcome.DifferenceFrom(expected[i]) is { } difference)
                {
                    tally.Mismatches.Add($"{describe}: {difference}");
                }
            }
            catch (Exception e)
            {
                tally.Mismatches.Add($"{describe}: {e.GetType().Name}: {e.Message}");
                return;
            }
        }
    }

    /// <summary>Snapshots the paused run, writes and reads it as a file, and restores it as <paramref name="hop"/> says.</summary>
    private static (RestoredInstance Restored, SnapshotImage Snapshot) Move(FuzzProgram program, WasmActors.Wasm.Runtime.Store store, Machine machine, Hop hop, SnapshotImage? parent)
    {
        var delta = hop.Delta && parent is not null;
        var captured = SnapshotWriter.Capture(store, machine, parent: delta ? parent : null);
        var file = SnapshotFile.Write(captured, hop.Compress, delta);
        var read = SnapshotFile.Read(file, parent: delta ? parent : null);
        var restored = SnapshotRestorer.Restore(
            new LocalSnapshotSource(read),
            new RestoreOptions { Granularity = hop.Granularity, Mode = hop.Mode, HostImports = program.Host() });
        return (restored, read);
    }
}
