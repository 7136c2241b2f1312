using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Restore;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// A WASI sample started in this engine and paused by fuel part-way through its run, so that a snapshot of it holds
/// its heap and a paused stack, and a fork has real work left to finish.
/// </summary>
internal sealed class PausedProgram : IDisposable
{
    /// <summary>Instructions per fuel slice of long runs: cheap, and close enough to the wanted point.</summary>
    public const long Slice = 50_000;

    /// <summary>Finer slices for shorter runs, which a coarse slice would overshoot.</summary>
    private static readonly long[] Slices = [Slice, 1_000, 10];

    private PausedProgram(Store store, Machine machine, WasiContext wasi, bool paused)
    {
        Store = store;
        Machine = machine;
        Wasi = wasi;
        Paused = paused;
    }

    public Store Store { get; }

    public Machine Machine { get; }

    public WasiContext Wasi { get; }

    /// <summary>False when the program ended before the pause point.</summary>
    public bool Paused { get; }

    public long MemoryBytes => Store.Memories.Sum(m => (long)m.EnginePageCount * m.PageSize);

    public long ResidentPages => Store.Memories.Sum(m => m.OwnedPageCount);

    /// <summary>Instructions a whole run of the program executes (counted in <see cref="Slice"/>s).</summary>
    public static long CountInstructions(byte[] wasm, string name, IReadOnlyList<string> arguments)
    {
        // A run is counted in whole slices: recount with finer ones until the rounding is at most 5 %.
        long total = 0;
        foreach (var slice in Slices)
        {
            using var run = Start(wasm, name, arguments, long.MaxValue, slice);
            total = run.InstructionsRun;
            if (total >= 20 * slice)
            {
                break;
            }
        }

        return total;
    }

    /// <summary>Runs the program until about <paramref name="instructions"/> have executed, then leaves it paused.</summary>
    public static PausedProgram Start(byte[] wasm, string name, IReadOnlyList<string> arguments, long instructions, long? slice = null)
    {
        var step = slice ?? Slices.FirstOrDefault(s => instructions >= 20 * s, Slices[^1]);
        var wasi = new WasiContext(new WasiConfig { Arguments = [name, .. arguments], StandardOutput = Stream.Null, StandardError = Stream.Null });
        var store = new Store();
        var instance = Instantiator.Instantiate(store, ModuleBinaries.Load(wasm), WasiModule.Define(new Linker(), wasi));
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("_start"), []);
        long run = 0;
        var paused = true;
        try
        {
            while (run < instructions)
            {
                var fuel = Math.Min(step, instructions - run);
                machine.Fuel = fuel;
                run += fuel;
                if (machine.Run() != RunStatus.Paused)
                {
                    paused = false;
                    break;
                }
            }
        }
        catch (WasiExitException)
        {
            paused = false;
        }

        return new PausedProgram(store, machine, wasi, paused) { InstructionsRun = run };
    }

    public long InstructionsRun { get; private init; }

    /// <summary>The paused program as a snapshot, its WASI state included.</summary>
    public WasmActors.Snapshot.SnapshotImage Capture() => SnapshotWriter.Capture(Store, Machine, [WasiState.Capture(Wasi)]);

    /// <summary>Restore options whose WASI host discards output (each restore gets its own context).</summary>
    public static RestoreOptions RestoreOptions(WasmActors.Snapshot.SnapshotImage snapshot, Granularity granularity, CopyMode mode, out WasiContext wasi)
    {
        wasi = WasiState.Restore(snapshot.Manifest.Conf.HostState, new WasiConfig { StandardOutput = Stream.Null, StandardError = Stream.Null });
        return new RestoreOptions { Granularity = granularity, Mode = mode, HostImports = WasiModule.Define(new Linker(), wasi) };
    }

    /// <summary>Runs a restored program to its end; returns its exit status (0 when _start returns).</summary>
    public static int Finish(Machine machine) => Finish(machine, Timeout.InfiniteTimeSpan) ?? 0;

    /// <summary>
    /// Runs a restored program to its end or until <paramref name="limit"/> has passed (then it is paused and left
    /// unfinished); returns its exit status, or null when the limit stopped it.
    /// </summary>
    public static int? Finish(Machine machine, TimeSpan limit)
    {
        using var timer = new Timer(_ => machine.RequestPause(), null, limit, Timeout.InfiniteTimeSpan);
        try
        {
            machine.Fuel = null;
            while (machine.Run() == RunStatus.Paused)
            {
                if (machine.PauseReason == PauseReason.Requested)
                {
                    return null;
                }
            }

            return 0;
        }
        catch (WasiExitException exit)
        {
            return exit.ExitCode;
        }
    }

    public void Dispose() => Wasi.Dispose();
}
