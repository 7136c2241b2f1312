using System.Collections.Concurrent;
using WasmActors.Actors.Engine;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Tests;

/// <summary>
/// The run-slot gate's rules: never more than its slots hold one at once, waiters are served in arrival order (new
/// instances first), a holder whose slice is over while others wait hands its slot on, a waiter can leave the
/// queue, and blocking gives the slot back.
/// </summary>
public sealed class RunSlotGateTests
{
    private static readonly TimeSpan Never = TimeSpan.FromHours(1);
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public void NoMoreInstancesRunThanThereAreSlots()
    {
        using var gate = new RunSlotGate(2, Never);
        var slots = Enumerable.Range(0, 5).Select(_ => new Probe(gate)).ToArray();

        var entered = slots.Select(s => s.Slot.TryEnter()).ToArray();

        Assert.Equal([true, true, false, false, false], entered);
        Assert.Equal(2, gate.Running);
        Assert.Equal(3, gate.Waiting);
        Assert.True(slots[0].Slot.Leave());
        Assert.Equal(2, gate.Running);
        Assert.Equal(2, gate.Waiting);
        Assert.Equal(1, slots[2].Grants);
        Assert.All(slots[3..], s => Assert.Equal(0, s.Grants));
    }

    [Fact]
    public void WaitersAreServedInArrivalOrder()
    {
        using var gate = new RunSlotGate(1, Never);
        var order = new ConcurrentQueue<int>();
        var slots = Enumerable.Range(0, 5).Select(i => gate.NewSlot(() => order.Enqueue(i), () => { })).ToArray();
        Assert.True(slots[0].TryEnter());
        foreach (var i in new[] { 3, 1, 4, 2 })
        {
            Assert.False(slots[i].TryEnter());
        }

        var holder = 0;
        for (var served = 0; served < 4; served++)
        {
            slots[holder].Leave();
            Assert.True(order.TryPeek(out _));
            holder = order.ToArray()[served];
            Assert.True(slots[holder].IsRunning);
            Assert.Equal(1, gate.Running);
        }

        Assert.Equal([3, 1, 4, 2], order.ToArray());
    }

    [Fact]
    public void NewInstancesAreServedBeforeThoseThatHaveRunAlready()
    {
        using var gate = new RunSlotGate(1, Never);
        var veteran = new Probe(gate);
        var holder = new Probe(gate);
        var newcomer = new Probe(gate);
        Assert.True(veteran.Slot.TryEnter());
        veteran.Slot.Leave();
        Assert.True(holder.Slot.TryEnter());
        Assert.False(veteran.Slot.TryEnter());
        Assert.False(newcomer.Slot.TryEnter());

        holder.Slot.Leave();
        Assert.True(newcomer.Slot.IsRunning);
        Assert.False(veteran.Slot.IsRunning);
        newcomer.Slot.Leave();
        Assert.True(veteran.Slot.IsRunning);
    }

    [Fact]
    public void AHolderWhoseSliceIsOverHandsItsSlotToTheLongestWaiterAndQueuesLast()
    {
        using var gate = new RunSlotGate(1, TimeSpan.FromMilliseconds(1));
        var first = new Probe(gate);
        var second = new Probe(gate);
        var third = new Probe(gate);
        Assert.True(first.Slot.TryEnter());
        Assert.False(second.Slot.TryEnter());
        Assert.False(third.Slot.TryEnter());

        Assert.True(first.YieldAsked.Wait(Patience), "the holder was never asked to yield");
        Assert.False(first.Slot.TryEnter()); // at its checkpoint: the slot goes on

        Assert.True(second.Slot.IsRunning);
        Assert.Equal(1, second.Grants);
        Assert.False(first.Slot.IsRunning);
        Assert.Equal(2, gate.Waiting);

        // The next turns: third (who waited longer), then first.
        Assert.True(second.YieldAsked.Wait(Patience), "the second holder was never asked to yield");
        Assert.False(second.Slot.TryEnter());
        Assert.True(third.Slot.IsRunning);
        third.Slot.Leave();
        Assert.True(first.Slot.IsRunning);
        Assert.Equal(1, gate.Running);
    }

    [Fact]
    public void ANewInstanceThatWaitsHasTheLongestHolderYieldAtOnceAndOneHolderPerNewInstance()
    {
        using var gate = new RunSlotGate(2, Never); // a slice that never ends: only the arrival can ask
        var older = new Probe(gate);
        var younger = new Probe(gate);
        var veteran = new Probe(gate);
        Assert.True(veteran.Slot.TryEnter());
        veteran.Slot.Leave();
        Assert.True(older.Slot.TryEnter());
        Thread.Sleep(2); // Stopwatch ticks apart
        Assert.True(younger.Slot.TryEnter());

        Assert.False(veteran.Slot.TryEnter()); // one that has run waits its turn and asks nobody
        Assert.False(older.YieldAsked.IsSet);

        var newcomer = new Probe(gate);
        Assert.False(newcomer.Slot.TryEnter());
        Assert.True(older.YieldAsked.IsSet, "the longest holder was asked to yield for the new instance");
        Assert.False(younger.YieldAsked.IsSet);
        Assert.False(older.Slot.TryEnter()); // its checkpoint: the new instance takes the slot
        Assert.True(newcomer.Slot.IsRunning);
        Assert.False(veteran.Slot.IsRunning);

        var second = new Probe(gate);
        var third = new Probe(gate);
        Assert.False(second.Slot.TryEnter());
        Assert.False(third.Slot.TryEnter());
        Assert.True(younger.YieldAsked.IsSet);
        Assert.True(newcomer.YieldAsked.IsSet); // the two holders, one for each new instance
    }

    [Fact]
    public void AHolderAskedToYieldKeepsItsSlotWhenNobodyWaitsAnyMore()
    {
        using var gate = new RunSlotGate(1, TimeSpan.FromMilliseconds(1));
        var holder = new Probe(gate);
        var waiter = new Probe(gate);
        Assert.True(holder.Slot.TryEnter());
        Assert.False(waiter.Slot.TryEnter());
        Assert.True(holder.YieldAsked.Wait(Patience), "the holder was never asked to yield");

        Assert.False(waiter.Slot.Leave()); // a stop while waiting: it leaves the queue without a slot

        Assert.True(holder.Slot.TryEnter());
        Assert.Equal(0, gate.Waiting);
        Assert.Equal(0, waiter.Grants);
    }

    [Fact]
    public void ANewInstancesFirstTurnEndsAtItsFirstCheckpointOnlyWhenOthersWait()
    {
        using var gate = new RunSlotGate(1, Never);
        var alone = new Probe(gate);
        Assert.True(alone.Slot.TryEnter());
        Assert.False(alone.Slot.EndTurnAtFirstCheckpointIfOthersWait());
        Assert.True(alone.Slot.TryEnter());

        var waiter = new Probe(gate);
        Assert.False(waiter.Slot.TryEnter());
        Assert.True(alone.Slot.EndTurnAtFirstCheckpointIfOthersWait());
        Assert.False(alone.Slot.TryEnter());
        Assert.True(waiter.Slot.IsRunning);
        Assert.Equal(1, gate.Waiting);
    }

    [Fact]
    public void AWaiterThatLeavesIsNeverGrantedAndKeepsNobodyWaiting()
    {
        using var gate = new RunSlotGate(1, Never);
        var holder = new Probe(gate);
        var leaving = new Probe(gate);
        var next = new Probe(gate);
        Assert.True(holder.Slot.TryEnter());
        Assert.False(leaving.Slot.TryEnter());
        Assert.False(next.Slot.TryEnter());

        Assert.False(leaving.Slot.Leave());
        holder.Slot.Leave();

        Assert.Equal(0, leaving.Grants);
        Assert.True(next.Slot.IsRunning);
        Assert.Equal(0, gate.Waiting);
    }

    [Fact]
    public void BlockingGivesTheSlotToAWaiterAndComingBackQueuesAtTheNextCheckpoint()
    {
        using var gate = new RunSlotGate(1, Never);
        var blocker = new Probe(gate);
        var waiter = new Probe(gate);
        Assert.True(blocker.Slot.TryEnter());
        Assert.False(waiter.Slot.TryEnter());

        RunSlot.Current = blocker.Slot;
        try
        {
            using (RunSlot.Blocking())
            {
                Assert.False(blocker.Slot.IsRunning);
                Assert.True(waiter.Slot.IsRunning);
                Assert.Equal(1, gate.Running);
            }
        }
        finally
        {
            RunSlot.Current = null;
        }

        // The slot is taken: the blocker runs on to its checkpoint, where it is asked to stop and queue.
        Assert.True(blocker.YieldAsked.IsSet);
        Assert.False(blocker.Slot.IsRunning);
        Assert.False(blocker.Slot.TryEnter());
        Assert.Equal(1, gate.Waiting);
    }

    [Fact]
    public void BlockingWithNobodyWaitingTakesTheSlotBackAtOnce()
    {
        using var gate = new RunSlotGate(1, Never);
        var blocker = new Probe(gate);
        Assert.True(blocker.Slot.TryEnter());

        RunSlot.Current = blocker.Slot;
        try
        {
            using (RunSlot.Blocking())
            {
                Assert.Equal(0, gate.Running);
            }
        }
        finally
        {
            RunSlot.Current = null;
        }

        Assert.True(blocker.Slot.IsRunning);
        Assert.False(blocker.YieldAsked.IsSet);
    }

    [Fact]
    public void AGuestsSleepHoldsNoSlot()
    {
        using var gate = new RunSlotGate(1, Never);
        var sleeper = new Probe(gate);
        var waiter = new Probe(gate);
        Assert.True(sleeper.Slot.TryEnter());
        Assert.False(waiter.Slot.TryEnter());
        var runningDuringSleep = false;
        var clock = new SlotReleasingClock(new ProbeClock(() => runningDuringSleep = sleeper.Slot.IsRunning || !waiter.Slot.IsRunning));

        RunSlot.Current = sleeper.Slot;
        try
        {
            using var interrupt = new ManualResetEvent(false);
            Assert.True(clock.Sleep(1, interrupt));
        }
        finally
        {
            RunSlot.Current = null;
        }

        Assert.False(runningDuringSleep);
    }

    [Fact]
    public void BlockingOutsideAnEngineThreadChangesNothing()
    {
        using var gate = new RunSlotGate(1, Never);
        var holder = new Probe(gate);
        Assert.True(holder.Slot.TryEnter());

        using (RunSlot.Blocking())
        {
            Assert.True(holder.Slot.IsRunning);
        }

        Assert.Equal(1, gate.Running);
    }

    [Fact]
    public void DisposingTheGateLetsEveryWaiterIn()
    {
        var gate = new RunSlotGate(1, Never);
        var holder = new Probe(gate);
        var waiters = Enumerable.Range(0, 3).Select(_ => new Probe(gate)).ToArray();
        Assert.True(holder.Slot.TryEnter());
        Assert.All(waiters, w => Assert.False(w.Slot.TryEnter()));

        gate.Dispose();

        Assert.All(waiters, w => Assert.Equal(1, w.Grants));
        Assert.Equal(0, gate.Waiting);
        Assert.True(new Probe(gate).Slot.TryEnter());
    }

    [Fact]
    public void ManyThreadsNeverHoldMoreSlotsThanTheGateHas()
    {
        const int Slots = 3;
        using var gate = new RunSlotGate(Slots, TimeSpan.FromMilliseconds(1));
        var holding = 0;
        var most = 0;
        var threads = Enumerable.Range(0, 12).Select(_ => new Thread(() =>
        {
            using var granted = new SemaphoreSlim(0);
            var yieldAsked = 0;
            var slot = gate.NewSlot(() => granted.Release(), () => Volatile.Write(ref yieldAsked, 1));
            for (var turn = 0; turn < 20; turn++)
            {
                if (!slot.TryEnter())
                {
                    while (!slot.IsRunning)
                    {
                        granted.Wait();
                    }
                }

                var now = Interlocked.Increment(ref holding);
                InterlockedMax(ref most, now);
                Thread.SpinWait(2000);
                Interlocked.Decrement(ref holding);
                slot.Leave();
            }
        })).ToList();

        threads.ForEach(t => t.Start());
        Assert.All(threads, t => Assert.True(t.Join(Patience), "a thread never finished its turns"));
        Assert.InRange(most, 1, Slots);
        Assert.Equal(0, gate.Running);
        Assert.Equal(0, gate.Waiting);
    }

    private static void InterlockedMax(ref int target, int value)
    {
        int seen;
        do
        {
            seen = Volatile.Read(ref target);
        }
        while (value > seen && Interlocked.CompareExchange(ref target, value, seen) != seen);
    }

    /// <summary>A slot that counts its grants and remembers a request to yield.</summary>
    private sealed class Probe
    {
        private int _grants;

        public Probe(RunSlotGate gate) => Slot = gate.NewSlot(() => Interlocked.Increment(ref _grants), () => YieldAsked.Set());

        public RunSlot Slot { get; }

        public ManualResetEventSlim YieldAsked { get; } = new();

        public int Grants => Volatile.Read(ref _grants);
    }

    /// <summary>A clock whose sleep only looks at the world.</summary>
    private sealed class ProbeClock(Action duringSleep) : IWasiClock
    {
        public ulong RealtimeNanoseconds => 0;

        public ulong MonotonicNanoseconds => 0;

        public ulong ResolutionNanoseconds => 1;

        public bool Sleep(ulong nanoseconds, WaitHandle interrupt)
        {
            duringSleep();
            return true;
        }
    }
}
