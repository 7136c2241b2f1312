using WasmActors.Wasm.Wasi;

namespace WasmActors.Wasm.Tests.Wasi;

public sealed class WasiClockPollTests
{
    [Fact]
    public void ClocksReadTheConfiguredSource()
    {
        using var h = new WasiHarness();
        var time = h.Alloc(8);
        Assert.Equal(WasiErrno.Success, h.Wasi.ClockTimeGet(h.Memory, 0, 1, time));
        Assert.Equal(h.Clock.RealtimeNanoseconds, h.U64(time));
        h.Clock.Advance(250);
        Assert.Equal(WasiErrno.Success, h.Wasi.ClockTimeGet(h.Memory, 1, 1, time));
        Assert.Equal(250UL, h.U64(time));
        Assert.Equal(WasiErrno.Success, h.Wasi.ClockResGet(h.Memory, 1, time));
        Assert.Equal(1UL, h.U64(time));
        Assert.Equal(WasiErrno.Invalid, h.Wasi.ClockTimeGet(h.Memory, 9, 1, time));
        Assert.Equal(WasiErrno.Invalid, h.Wasi.ClockResGet(h.Memory, 4, time));
    }

    [Fact]
    public void SystemClockMovesForwardAndIsAfter2020()
    {
        var clock = SystemWasiClock.Instance;
        var first = clock.MonotonicNanoseconds;
        Assert.True(clock.MonotonicNanoseconds >= first);
        Assert.True(clock.RealtimeNanoseconds > 1_577_836_800UL * 1_000_000_000);
    }

    [Fact]
    public void PollOnClocksSleepsUntilTheEarliestAndReportsIt()
    {
        using var h = new WasiHarness();
        var subscriptions = h.Alloc(96);
        WriteClock(h, subscriptions, userData: 11, timeout: 5_000_000, absolute: false);
        WriteClock(h, subscriptions + 48, userData: 22, timeout: 9_000_000, absolute: false);
        var events = h.Alloc(64);
        var count = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.PollOneoff(h.Memory, subscriptions, events, 2, count));
        Assert.Equal(1u, h.U32(count));
        Assert.Equal(11UL, h.U64(events));
        Assert.Equal(0, h.Memory.Load<ushort>(events + 8));
        Assert.Equal(0, h.Memory.Load<byte>(events + 10));
        Assert.Equal(5_000_000UL, h.Clock.MonotonicNanoseconds);
    }

    [Fact]
    public async Task InterruptEndsALongSleepWithEintr()
    {
        using var h = new WasiHarness(c => c with { Clock = SystemWasiClock.Instance });
        var subscription = h.Alloc(48);
        WriteClock(h, subscription, userData: 1, timeout: 3600UL * 1_000_000_000, absolute: false);
        var events = h.Alloc(32);
        var count = h.Alloc(4);
        var poll = Task.Run(() => h.Wasi.PollOneoff(h.Memory, subscription, events, 1, count));
        Assert.True(SpinWait.SpinUntil(() => h.Wasi.IsSleeping, TimeSpan.FromSeconds(60)), "the guest never went to sleep");
        h.Wasi.Interrupt();
        Assert.Equal(WasiErrno.Interrupted, await poll);
        Assert.False(h.Wasi.IsSleeping);
    }

    [Fact]
    public void AnInterruptWhileNotSleepingDoesNotCutTheNextSleepShort()
    {
        using var h = new WasiHarness();
        h.Wasi.Interrupt();
        var subscription = h.Alloc(48);
        WriteClock(h, subscription, userData: 1, timeout: 500, absolute: false);
        var count = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.PollOneoff(h.Memory, subscription, h.Alloc(32), 1, count));
        Assert.Equal(500UL, h.Clock.MonotonicNanoseconds);
    }

    [Fact]
    public void PollOnAnAbsoluteDeadlineInThePastDoesNotSleep()
    {
        using var h = new WasiHarness();
        h.Clock.Advance(1000);
        var subscription = h.Alloc(48);
        WriteClock(h, subscription, userData: 1, timeout: 10, absolute: true);
        var events = h.Alloc(32);
        var count = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.PollOneoff(h.Memory, subscription, events, 1, count));
        Assert.Equal(1u, h.U32(count));
        Assert.Equal(1000UL, h.Clock.MonotonicNanoseconds);
    }

    [Fact]
    public void PollOnDescriptorsAnswersAtOnce()
    {
        using var h = new WasiHarness();
        File.WriteAllText(Path.Combine(h.Root, "ten.txt"), "0123456789");
        Assert.Equal(WasiErrno.Success, h.Open("ten.txt", out var fd, rights: WasiRights.FdRead));
        var subscriptions = h.Alloc(144);
        WriteFd(h, subscriptions, userData: 7, type: 1, fd);
        WriteFd(h, subscriptions + 48, userData: 8, type: 2, 77);
        WriteClock(h, subscriptions + 96, userData: 9, timeout: 1_000_000_000, absolute: false);
        var events = h.Alloc(96);
        var count = h.Alloc(4);
        Assert.Equal(WasiErrno.Success, h.Wasi.PollOneoff(h.Memory, subscriptions, events, 3, count));
        Assert.Equal(2u, h.U32(count));
        Assert.Equal(7UL, h.U64(events));
        Assert.Equal(10UL, h.U64(events + 16));
        Assert.Equal(8UL, h.U64(events + 32));
        Assert.Equal((ushort)WasiErrno.BadFd, h.Memory.Load<ushort>(events + 32 + 8));
        Assert.Equal(0UL, h.Clock.MonotonicNanoseconds);
    }

    [Fact]
    public void PollRejectsNoSubscriptionsAndUnknownTypes()
    {
        using var h = new WasiHarness();
        var subscription = h.Alloc(48);
        var events = h.Alloc(32);
        var count = h.Alloc(4);
        Assert.Equal(WasiErrno.Invalid, h.Wasi.PollOneoff(h.Memory, subscription, events, 0, count));
        h.Memory.Store(subscription + 8, (byte)9);
        Assert.Equal(WasiErrno.Invalid, h.Wasi.PollOneoff(h.Memory, subscription, events, 1, count));
        Assert.Throws<WasmTrapException>(() => h.Wasi.PollOneoff(h.Memory, 65000, events, 100, count));
    }

    [Fact]
    public void RandomGetIsReproducibleWithASeed()
    {
        using var a = new WasiHarness();
        using var b = new WasiHarness();
        var bufferA = a.Alloc(10000);
        var bufferB = b.Alloc(10000);
        Assert.Equal(WasiErrno.Success, a.Wasi.RandomGet(a.Memory, bufferA, 10000));
        Assert.Equal(WasiErrno.Success, b.Wasi.RandomGet(b.Memory, bufferB, 10000));
        var bytesA = new byte[10000];
        var bytesB = new byte[10000];
        a.Memory.Read(bufferA, bytesA);
        b.Memory.Read(bufferB, bytesB);
        Assert.Equal(bytesA, bytesB);
        Assert.True(bytesA.Distinct().Count() > 200);
        Assert.Throws<WasmTrapException>(() => a.Wasi.RandomGet(a.Memory, 65530, 10));
    }

    [Fact]
    public void ProcExitUnwindsWithTheCode()
    {
        var exit = Assert.Throws<WasiExitException>(() => WasiContext.ProcExit(7));
        Assert.Equal(7, exit.ExitCode);
        Assert.Equal(WasiErrno.Success, WasiContext.SchedYield());
    }

    private static void WriteClock(WasiHarness h, uint at, ulong userData, ulong timeout, bool absolute)
    {
        h.Memory.Fill(at, 0, 48);
        h.Memory.Store(at, userData);
        h.Memory.Store(at + 8, (byte)0);
        h.Memory.Store(at + 16, 1u);
        h.Memory.Store(at + 24, timeout);
        h.Memory.Store(at + 40, (ushort)(absolute ? 1 : 0));
    }

    private static void WriteFd(WasiHarness h, uint at, ulong userData, byte type, uint fd)
    {
        h.Memory.Fill(at, 0, 48);
        h.Memory.Store(at, userData);
        h.Memory.Store(at + 8, type);
        h.Memory.Store(at + 16, fd);
    }
}
