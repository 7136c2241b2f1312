using System.Diagnostics;

namespace WasmActors.Wasm.Wasi;

/// <summary>Where the guest's clocks come from. Times are nanoseconds.</summary>
public interface IWasiClock
{
    /// <summary>Wall-clock time since 1970-01-01T00:00:00Z.</summary>
    ulong RealtimeNanoseconds { get; }

    /// <summary>A clock that never goes backwards; its origin is arbitrary.</summary>
    ulong MonotonicNanoseconds { get; }

    /// <summary>The resolution the guest is told about.</summary>
    ulong ResolutionNanoseconds { get; }

    /// <summary>
    /// Blocks for <paramref name="nanoseconds"/> (poll_oneoff's clock subscriptions), or until
    /// <paramref name="interrupt"/> is signalled; returns false when interrupted.
    /// </summary>
    bool Sleep(ulong nanoseconds, WaitHandle interrupt);
}

/// <summary>The host's clocks and a real sleep.</summary>
public sealed class SystemWasiClock : IWasiClock
{
    public static readonly SystemWasiClock Instance = new();

    private static readonly long Origin = Stopwatch.GetTimestamp();

    public ulong RealtimeNanoseconds => (ulong)(DateTime.UtcNow - DateTime.UnixEpoch).Ticks * 100;

    public ulong MonotonicNanoseconds =>
        (ulong)((UInt128)(ulong)(Stopwatch.GetTimestamp() - Origin) * 1_000_000_000 / (ulong)Stopwatch.Frequency);

    public ulong ResolutionNanoseconds => 1000;

    public bool Sleep(ulong nanoseconds, WaitHandle interrupt)
    {
        ArgumentNullException.ThrowIfNull(interrupt);

        // A guest may ask for years; wait in bounded slices so a huge value cannot overflow TimeSpan.
        var remaining = nanoseconds;
        while (remaining > 0)
        {
            var slice = Math.Min(remaining, 1_000_000_000UL * 3600);
            if (interrupt.WaitOne(TimeSpan.FromTicks((long)Math.Max(slice / 100, 1))))
            {
                return false;
            }

            remaining -= slice;
        }

        return true;
    }
}

/// <summary>
/// A clock that only moves when the guest sleeps or when the host advances it: runs that read the time print the
/// same output every time.
/// </summary>
public sealed class ManualWasiClock : IWasiClock
{
    public ManualWasiClock(ulong realtimeStart = 1_700_000_000UL * 1_000_000_000, ulong monotonicStart = 0)
    {
        RealtimeNanoseconds = realtimeStart;
        MonotonicNanoseconds = monotonicStart;
    }

    public ulong RealtimeNanoseconds { get; private set; }

    public ulong MonotonicNanoseconds { get; private set; }

    public ulong ResolutionNanoseconds => 1;

    public void Advance(ulong nanoseconds)
    {
        RealtimeNanoseconds += nanoseconds;
        MonotonicNanoseconds += nanoseconds;
    }

    public bool Sleep(ulong nanoseconds, WaitHandle interrupt)
    {
        ArgumentNullException.ThrowIfNull(interrupt);
        if (interrupt.WaitOne(0))
        {
            return false;
        }

        Advance(nanoseconds);
        return true;
    }
}

/// <summary>
/// The guest's monotonic clock (which also serves its CPU-time clocks): the host's monotonic clock, continued from a
/// point. A fresh program reads the host's clock as it is; a program restored from a snapshot or migrated to another
/// node continues from the time it last saw (<see cref="ContinueFrom"/>) instead of jumping to the new host's origin,
/// which may lie far behind. It never goes backwards, whatever the host clock does. Safe from any thread (a snapshot
/// may read it while the program runs).
/// </summary>
internal sealed class GuestMonotonicClock
{
    private readonly IWasiClock _host;
    private readonly Lock _lock = new();
    private ulong _hostOrigin;
    private ulong _guestOrigin;
    private ulong _last;

    public GuestMonotonicClock(IWasiClock host)
    {
        ArgumentNullException.ThrowIfNull(host);
        _host = host;
    }

    /// <summary>The guest's time now, in nanoseconds: never less than an earlier reading or the point it continues from.</summary>
    public ulong Now
    {
        get
        {
            var host = _host.MonotonicNanoseconds;
            lock (_lock)
            {
                var elapsed = host >= _hostOrigin ? host - _hostOrigin : 0;
                var now = _guestOrigin + Math.Min(elapsed, ulong.MaxValue - _guestOrigin);
                _last = Math.Max(_last, now);
                return _last;
            }
        }
    }

    /// <summary>
    /// Continues the clock from <paramref name="nanoseconds"/> (a reading taken before a snapshot): the next reading is
    /// that time, and the clock then advances as the host's does. Time spent between the snapshot and now does not count.
    /// </summary>
    public void ContinueFrom(ulong nanoseconds)
    {
        var host = _host.MonotonicNanoseconds;
        lock (_lock)
        {
            _hostOrigin = host;
            _guestOrigin = nanoseconds;
            _last = nanoseconds;
        }
    }
}
