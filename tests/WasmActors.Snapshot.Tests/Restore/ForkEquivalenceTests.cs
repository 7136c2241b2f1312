using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Snapshot.Tests.Restore;

/// <summary>
/// A fork taken at any point — idle or paused mid-call — and run to completion ends in exactly the state of the
/// uninterrupted run, at every granularity and in both modes.
/// </summary>
public sealed class ForkEquivalenceTests
{
    private const int Steps = 200; // about 400 checkpoints (a call and a loop back edge per step): every budget below pauses

    private static readonly ulong Uninterrupted = RunUninterrupted();

    public static TheoryData<Granularity, CopyMode> AllWays() => RoundTripTests.AllWays();

    [Theory]
    [MemberData(nameof(AllWays))]
    public void Forks_paused_mid_call_finish_like_the_uninterrupted_run(Granularity granularity, CopyMode mode)
    {
        foreach (var fuel in new long[] { 0, 1, 2, 7, 50, 119, 333 })
        {
            var (store, instance) = Programs.Instantiate(Programs.Stateful);
            var machine = new Machine(store);
            machine.Start(instance.GetFunction("step"), [Steps]);
            machine.Fuel = fuel;
            Assert.Equal(RunStatus.Paused, machine.Run());

            var file = SnapshotFile.Write(SnapshotWriter.Capture(store, machine));
            var restored = SnapshotRestorer.Restore(
                new LocalSnapshotSource(SnapshotFile.Read(file)),
                new RestoreOptions { Granularity = granularity, Mode = mode });

            // Two forks of the same snapshot: each finishes on its own, and neither disturbs the other.
            var second = restored.Fork();
            Finish(restored.Machine!);
            Assert.Equal(Uninterrupted, Programs.Digest(restored.Store));
            Finish(second.Machine!);
            Assert.Equal(Uninterrupted, Programs.Digest(second.Store));

            // The original, resumed, agrees as well.
            machine.Fuel = null;
            Finish(machine);
            Assert.Equal(Uninterrupted, Programs.Digest(store));
        }
    }

    [Fact]
    public void Pausing_repeatedly_and_migrating_at_every_pause_changes_nothing()
    {
        var (store, instance) = Programs.Instantiate(Programs.Stateful);
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("step"), [Steps]);
        var hops = 0;
        while (true)
        {
            machine.Fuel = 17;
            if (machine.Run() == RunStatus.Completed)
            {
                break;
            }

            // Move the paused run to a fresh store (a different "node"), alternating granularity and mode.
            var options = new RestoreOptions
            {
                Granularity = (Granularity)(hops % 5),
                Mode = hops % 2 == 0 ? CopyMode.Cow : CopyMode.NoCow,
            };
            var restored = SnapshotRestorer.Restore(new LocalSnapshotSource(SnapshotWriter.Capture(store, machine)), options);
            store = restored.Store;
            machine = restored.Machine!;
            hops++;
        }

        Assert.True(hops > 5);
        Assert.Equal(Uninterrupted, Programs.Digest(store));
    }

    private static void Finish(Machine machine)
    {
        while (machine.Run() == RunStatus.Paused)
        {
        }
    }

    private static ulong RunUninterrupted()
    {
        var (store, _) = Programs.Instantiate(Programs.Stateful);
        Programs.Call(store, "step", Steps);
        return Programs.Digest(store);
    }
}
