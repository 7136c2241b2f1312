using CsCheck;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm.Execution;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// Property: for any run length, any sequence of pause points, and any granularity and mode per hop, moving a run at
/// each pause (through the file form) ends in the uninterrupted run's state.
/// </summary>
public sealed class ForkPropertyTests
{
    [Fact]
    public void Moving_a_run_at_random_pause_points_never_changes_its_result()
    {
        var hops = Gen.Select(Gen.Int[0, 300], Gen.Enum<Granularity>(), Gen.Enum<CopyMode>(), Gen.Bool).Array[1, 4];
        Gen.Select(Gen.Int[1, 80], hops).Sample(
            (steps, plan) =>
            {
                var (reference, _) = Programs.Instantiate(Programs.Stateful);
                Programs.Call(reference, "step", (ulong)steps);

                var (store, instance) = Programs.Instantiate(Programs.Stateful);
                var machine = new Machine(store);
                machine.Start(instance.GetFunction("step"), [(ulong)steps]);
                foreach (var (fuel, granularity, mode, compress) in plan)
                {
                    machine.Fuel = fuel;
                    if (machine.Run() == RunStatus.Completed)
                    {
                        break;
                    }

                    var file = SnapshotFile.Write(SnapshotWriter.Capture(store, machine), compress);
                    var restored = SnapshotRestorer.Restore(
                        new LocalSnapshotSource(SnapshotFile.Read(file)),
                        new RestoreOptions { Granularity = granularity, Mode = mode });
                    (store, machine) = (restored.Store, restored.Machine!);
                }

                if (machine.State != MachineState.Completed)
                {
                    machine.Fuel = null;
                    Assert.Equal(RunStatus.Completed, machine.Run());
                }

                Assert.Equal(Programs.Digest(reference), Programs.Digest(store));
            },
            iter: 60,
            threads: 1);
    }
}
