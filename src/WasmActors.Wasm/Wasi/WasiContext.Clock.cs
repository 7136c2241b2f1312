namespace WasmActors.Wasm.Wasi;

/// <summary>The guest's clocks: realtime is the host's wall clock; monotonic and CPU time continue across snapshots.</summary>
public sealed partial class WasiContext
{
    private GuestMonotonicClock? _monotonic;

    /// <summary>
    /// The clock behind CLOCK_MONOTONIC and the CPU-time clocks. A snapshot records its <see cref="GuestMonotonicClock.Now"/>;
    /// a restore calls <see cref="GuestMonotonicClock.ContinueFrom"/> so the program's clock never jumps backwards.
    /// </summary>
    internal GuestMonotonicClock Monotonic => LazyInitializer.EnsureInitialized(ref _monotonic, () => new GuestMonotonicClock(Config.Clock));

    /// <summary>The CPU-time clocks are served by the monotonic clock, as a single-threaded guest cannot tell the difference.</summary>
    private bool TryReadClock(uint clockId, out ulong now)
    {
        switch ((WasiClockId)clockId)
        {
            case WasiClockId.Realtime:
                now = Config.Clock.RealtimeNanoseconds;
                return true;
            case WasiClockId.Monotonic or WasiClockId.ProcessCpuTime or WasiClockId.ThreadCpuTime:
                now = Monotonic.Now;
                return true;
            default:
                now = 0;
                return false;
        }
    }
}
