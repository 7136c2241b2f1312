using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Engine;

/// <summary>
/// The host's clocks, with a guest's sleep (poll_oneoff on clocks) outside its run slot: a sleeping instance
/// computes nothing, so its slot goes to the next waiter until it wakes (see <see cref="RunSlot.Blocking"/>).
/// Outside an engine thread holding a slot it is the plain system clock.
/// </summary>
internal sealed class SlotReleasingClock(IWasiClock inner) : IWasiClock
{
    public static readonly SlotReleasingClock System = new(SystemWasiClock.Instance);

    public ulong RealtimeNanoseconds => inner.RealtimeNanoseconds;

    public ulong MonotonicNanoseconds => inner.MonotonicNanoseconds;

    public ulong ResolutionNanoseconds => inner.ResolutionNanoseconds;

    public bool Sleep(ulong nanoseconds, WaitHandle interrupt)
    {
        using (RunSlot.Blocking())
        {
            return inner.Sleep(nanoseconds, interrupt);
        }
    }
}
