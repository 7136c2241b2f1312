using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Snapshot.Restore;
using WasmActors.Snapshot.Tests.Support;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Snapshot.Tests.Wasi;

/// <summary>
/// A restored or migrated program's monotonic and CPU-time clocks continue from the time it last saw, whatever the
/// new node's clock origin; its realtime clock is the new node's wall clock.
/// </summary>
public sealed class WasiClockContinuationTests
{
    private const ulong Second = 1_000_000_000;

    /// <summary>
    /// <c>measure(clock)</c> reads the clock into memory[0], loops <c>$n</c> times (checkpoints to pause at), reads it
    /// into memory[8] and returns the second reading minus the first (a negative number if the clock went back).
    /// </summary>
    private const string Measure = """
        (module
          (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
          (memory (export "memory") 1)
          (func (export "measure") (param $id i32) (param $n i32) (result i64)
            (local $i i32)
            (drop (call $clock (local.get $id) (i64.const 1) (i32.const 0)))
            (loop $l
              (local.set $i (i32.add (local.get $i) (i32.const 1)))
              (br_if $l (i32.lt_u (local.get $i) (local.get $n))))
            (drop (call $clock (local.get $id) (i64.const 1) (i32.const 8)))
            (i64.sub (i64.load (i32.const 8)) (i64.load (i32.const 0)))))
        """;

    [Theory]
    [InlineData((uint)WasiClockId.Monotonic)]
    [InlineData((uint)WasiClockId.ProcessCpuTime)]
    [InlineData((uint)WasiClockId.ThreadCpuTime)]
    public void A_moved_program_s_monotonic_clocks_continue_from_where_they_were(uint clockId)
    {
        // The clock ids are the engine's internals; the theory names them by their WASI number.
        var clock = (WasiClockId)clockId;
        // The first node's clock has run for an hour; the second node's started a moment ago.
        var first = new ManualWasiClock(monotonicStart: 3600 * Second);
        var (snapshot, before) = PauseBetweenReadings(first, clock);
        Assert.Equal(3600 * Second, before);

        var second = new ManualWasiClock(monotonicStart: 5 * Second);
        var machine = Restore(snapshot, second, out var memory);
        second.Advance(2 * Second);
        Assert.Equal(RunStatus.Completed, machine.Run());

        // Only the time that passed on the new node counts, and the clock never went back.
        Assert.Equal(2 * Second, machine.Results[0]);
        Assert.Equal(3602 * Second, memory.Load<ulong>(8));
    }

    [Fact]
    public void A_moved_program_s_realtime_clock_is_the_new_node_s_wall_clock()
    {
        var (snapshot, _) = PauseBetweenReadings(new ManualWasiClock(realtimeStart: 1_000 * Second), WasiClockId.Realtime);
        var machine = Restore(snapshot, new ManualWasiClock(realtimeStart: 9_000 * Second), out var memory);
        Assert.Equal(RunStatus.Completed, machine.Run());
        Assert.Equal(9_000 * Second, memory.Load<ulong>(8));
        Assert.Equal(8_000 * Second, machine.Results[0]);
    }

    [Fact]
    public void Every_fork_of_one_snapshot_starts_its_clock_at_the_captured_time()
    {
        var (snapshot, before) = PauseBetweenReadings(new ManualWasiClock(monotonicStart: 42 * Second), WasiClockId.Monotonic);
        foreach (var origin in new ulong[] { 0, 41 * Second, 10_000 * Second })
        {
            var machine = Restore(snapshot, new ManualWasiClock(monotonicStart: origin), out var memory);
            Assert.Equal(RunStatus.Completed, machine.Run());
            Assert.Equal(before, memory.Load<ulong>(8));
            Assert.Equal(0UL, machine.Results[0]);
        }
    }

    [Fact]
    public void The_guest_clock_never_goes_backwards_even_when_the_host_s_does()
    {
        var host = new SteppingClock { Monotonic = 100 };
        var guest = new GuestMonotonicClock(host);
        Assert.Equal(100UL, guest.Now);
        host.Monotonic = 40;
        Assert.Equal(100UL, guest.Now);
        host.Monotonic = 150;
        Assert.Equal(150UL, guest.Now);

        guest.ContinueFrom(1_000);
        Assert.Equal(1_000UL, guest.Now);
        host.Monotonic = 10;
        Assert.Equal(1_000UL, guest.Now);
        host.Monotonic = 175;
        Assert.Equal(1_025UL, guest.Now);
    }

    [Fact]
    public void A_wasi_state_without_the_monotonic_time_is_refused()
    {
        var wasi = new WasiContext(new WasiConfig());
        var entry = WasiState.Capture(wasi);
        var truncated = new HostStateEntry(entry.Name, entry.Content[..^8]);
        Assert.Throws<SnapshotFormatException>(() => WasiState.Restore([truncated], new WasiConfig()));
    }

    [Fact]
    public void A_version_1_snapshot_is_refused()
    {
        var (snapshot, _) = PauseBetweenReadings(new ManualWasiClock(), WasiClockId.Monotonic);
        var file = SnapshotFile.Write(snapshot);
        file[SnapshotFile.Magic.Length] = 1;
        Assert.Contains("format version 1 ", Assert.Throws<SnapshotFormatException>(() => SnapshotFile.Read(file)).Message);
    }

    /// <summary>Runs <c>measure</c> until it has taken its first reading and paused in its loop; returns the snapshot and that reading.</summary>
    private static (SnapshotImage Snapshot, ulong FirstReading) PauseBetweenReadings(ManualWasiClock clock, WasiClockId id)
    {
        var wasi = new WasiContext(new WasiConfig { Clock = clock });
        var (store, instance) = Programs.Instantiate(Measure, WasiModule.Define(new Linker(), wasi));
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("measure"), [(ulong)id, 100]);
        machine.Fuel = 10;
        Assert.Equal(RunStatus.Paused, machine.Run());
        var snapshot = SnapshotWriter.Capture(store, machine, [WasiState.Capture(wasi)]);
        return (SnapshotFile.Read(SnapshotFile.Write(snapshot)), store.Memories[0].Load<ulong>(0));
    }

    private static Machine Restore(SnapshotImage snapshot, ManualWasiClock clock, out MemoryInstance memory)
    {
        var wasi = WasiState.Restore(snapshot.Manifest.Conf.HostState, new WasiConfig { Clock = clock });
        var restored = SnapshotRestorer.Restore(
            new LocalSnapshotSource(snapshot),
            new RestoreOptions { HostImports = WasiModule.Define(new Linker(), wasi) });
        memory = restored.Store.Memories[0];
        var machine = restored.Machine!;
        machine.Fuel = null;
        return machine;
    }

    /// <summary>A host clock the test sets by hand, backwards too.</summary>
    private sealed class SteppingClock : IWasiClock
    {
        public ulong Monotonic { get; set; }

        public ulong RealtimeNanoseconds => 0;

        public ulong MonotonicNanoseconds => Monotonic;

        public ulong ResolutionNanoseconds => 1;

        public bool Sleep(ulong nanoseconds, WaitHandle interrupt) => true;
    }
}
