using System.Text;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Snapshot.Tests.Wasi;

/// <summary>
/// The counter sample (samples/counter.c) paused at many points, snapshotted with its WASI state, restored with a
/// fresh output stream and run to the end: what it printed before and after the move is exactly the output and exit
/// code of an uninterrupted run.
/// </summary>
public sealed class WasiForkTests
{
    private static readonly string[] Arguments = ["counter", "40", "5", "300"];

    private static readonly Lazy<byte[]> Binary = new(() => File.ReadAllBytes(RepoFiles.Path("samples/counter.wasm")));

    private static readonly Lazy<(string Output, int Exit)> Uninterrupted = new(() =>
    {
        var output = new MemoryStream();
        var (_, machine, _) = Start(output);
        var exit = Finish(machine);
        return (Encoding.UTF8.GetString(output.ToArray()), exit);
    });

    [Theory]
    [InlineData(Granularity.Page, CopyMode.Cow)]
    [InlineData(Granularity.Mixture, CopyMode.NoCow)]
    [InlineData(Granularity.Instance, CopyMode.Cow)]
    [InlineData(Granularity.Module, CopyMode.NoCow)]
    [InlineData(Granularity.Wasm, CopyMode.Cow)]
    public void A_moved_wasi_program_prints_what_an_uninterrupted_run_prints(Granularity granularity, CopyMode mode)
    {
        Assert.Contains("step", Uninterrupted.Value.Output);
        var moved = 0;
        foreach (var fuel in new long[] { 1, 300, 3_000, 9_000 })
        {
            var before = new MemoryStream();
            var (store, machine, wasi) = Start(before);
            machine.Fuel = fuel;
            if (machine.Run() != RunStatus.Paused)
            {
                continue;
            }

            moved++;
            var snapshot = SnapshotWriter.Capture(store, machine, [WasiState.Capture(wasi)]);
            var after = new MemoryStream();
            var restoredWasi = WasiState.Restore(snapshot.Manifest.Conf.HostState, new WasiConfig { StandardOutput = after });
            var restored = SnapshotRestorer.Restore(
                new LocalSnapshotSource(snapshot),
                new RestoreOptions { Granularity = granularity, Mode = mode, HostImports = WasiModule.Define(new Linker(), restoredWasi) });

            var exit = Finish(restored.Machine!);
            var output = Encoding.UTF8.GetString(before.ToArray()) + Encoding.UTF8.GetString(after.ToArray());
            Assert.Equal(Uninterrupted.Value.Output, output);
            Assert.Equal(Uninterrupted.Value.Exit, exit);
            Assert.Equal(Arguments, restoredWasi.Config.Arguments);
        }

        Assert.Equal(4, moved);
    }

    [Fact]
    public void A_restore_without_the_host_functions_is_a_link_error()
    {
        var (store, machine, wasi) = Start(new MemoryStream());
        machine.Fuel = 100;
        machine.Run();
        var snapshot = SnapshotWriter.Capture(store, machine, [WasiState.Capture(wasi)]);
        var e = Assert.Throws<Wasm.WasmLinkException>(() => SnapshotRestorer.Restore(new LocalSnapshotSource(snapshot)));
        Assert.Contains(WasiModule.Name, e.Message);
    }

    private static (Store Store, Machine Machine, WasiContext Wasi) Start(Stream output)
    {
        var wasi = new WasiContext(new WasiConfig { Arguments = Arguments, StandardOutput = output });
        var store = new Store();
        var instance = Instantiator.Instantiate(store, ModuleBinaries.Load(Binary.Value), WasiModule.Define(new Linker(), wasi));
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("_start"), []);
        return (store, machine, wasi);
    }

    private static int Finish(Machine machine)
    {
        try
        {
            machine.Fuel = null;
            while (machine.Run() == RunStatus.Paused)
            {
            }

            return 0;
        }
        catch (WasiExitException exit)
        {
            return exit.ExitCode;
        }
    }
}
