using System.Text;
using WasmActors.Wasm.Binary;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi;

/// <summary>
/// The fork/migration demo program, paused many times mid-run and continued each time in a fresh machine rebuilt
/// from the saved frames and stack, must print exactly what an uninterrupted run prints: WASI calls complete before a
/// pause, and the output stream simply continues.
/// </summary>
public sealed class CounterMigrationTests
{
    [Fact]
    public void CounterPausedAndMovedToAFreshMachineEverySliceOfFuelPrintsTheRecordedOutput()
    {
        var sample = SampleCase.All.Single(c => c.Name == "counter");
        var module = ModuleLoader.Load(File.ReadAllBytes(sample.WasmPath));
        ModuleValidator.Validate(module);
        var stdout = new MemoryStream();
        using var wasi = new WasiContext(new WasiConfig
        {
            Arguments = [sample.Program + ".wasm", .. sample.Arguments],
            StandardOutput = stdout,

            // Line-buffered, as a user watching progress would have it: each progress line is written when printed.
            StandardStreamsAreTerminals = true,
        });
        var store = new Store();
        var instance = WasiProgram.Instantiate(store, module, wasi);
        var start = (FunctionInstance)instance.Exports[WasiProgram.EntryPoint];

        const long Slice = 20_000;
        var machine = new Machine(store) { Fuel = Slice };
        machine.Start(start, []);
        var pauses = 0;
        var printedAtPauses = new HashSet<long>();
        while (machine.Run() == RunStatus.Paused)
        {
            Assert.Equal(PauseReason.FuelExhausted, machine.PauseReason);
            pauses++;
            printedAtPauses.Add(stdout.Length);
            var frames = Enumerable.Range(0, machine.FrameCount).Select(machine.GetFrame).ToList();
            var stack = machine.Stack.ToArray();
            machine = new Machine(store);
            machine.Restore(frames, stack);
            machine.Fuel = Slice;
        }

        Assert.Equal(File.ReadAllText(sample.ExpectedStdoutPath), Encoding.UTF8.GetString(stdout.ToArray()));
        Assert.True(pauses >= 5, $"only {pauses} pauses: the test would not exercise resuming");
        Assert.True(printedAtPauses.Count >= 3, "pauses should fall between different progress lines");
    }
}
