using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// A snapshot whose hashes are right but whose paused call is hostile (a frame pointing into the middle of an
/// instruction, at the wrong place on the stack) is refused with <see cref="SnapshotFormatException"/>, carrying the
/// engine's <see cref="WasmRestoreException"/>, before anything runs.
/// </summary>
public sealed class HostileFrameTests
{
    private static readonly Lazy<SnapshotImage> Paused = new(() =>
    {
        var (store, instance) = Programs.Instantiate(Programs.Stateful);
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("step"), [100]);
        machine.Fuel = 20;
        machine.Run();
        return SnapshotWriter.Capture(store, machine);
    });

    [Fact]
    public void A_frame_inside_an_instruction_or_off_its_base_is_refused()
    {
        var good = Paused.Value;
        var execution = RecordCodec.DecodeExecution(good.GetChunk(good.Manifest.Execution!.Value), "paused call");
        var last = execution.Frames.Length - 1;
        foreach (var hostile in new[]
        {
            execution.Frames[last] with { Pc = execution.Frames[last].Pc + 1 },
            execution.Frames[last] with { StackBase = execution.Frames[last].StackBase + 1000 },
            execution.Frames[last] with { StackBase = execution.Frames[last].StackBase + 1 },
        })
        {
            var frames = execution.Frames.ToArray();
            frames[last] = hostile;
            var snapshot = Tamper.ReplaceExecution(good, RecordCodec.Encode(execution with { Frames = frames }));
            var e = Assert.Throws<SnapshotFormatException>(() =>
                SnapshotRestorer.Restore(new LocalSnapshotSource(snapshot), new RestoreOptions(), new ModuleCache()));
            Assert.True(e.InnerException is WasmRestoreException, e.ToString());
        }
    }
}
