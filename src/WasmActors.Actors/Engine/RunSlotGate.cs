using System.Diagnostics;

namespace WasmActors.Actors.Engine;

/// <summary>
/// The run node's bound on instances executing guest code at once (wasmactors.run-node.run-slots). An engine
/// thread enters before it runs guest code and leaves when it stops, pauses, ends or blocks; others wait in
/// arrival order, new instances (whose first turn is short: <see cref="RunSlot.EndTurnAtFirstCheckpointIfOthersWait"/>)
/// before those that have run already, so a burst of forks reaches its first instructions without waiting a slice
/// for each instance already running. An instance that holds a slot for a whole time slice while others wait is asked (through its
/// <see cref="RunSlot"/>'s yield callback, which raises the machine's existing pause flag) to give its slot to the
/// longest waiter at its next checkpoint and queue behind the last one. A new instance that has to wait does not
/// wait for a slice to end: it asks the holder that has held its slot longest to yield at once (a fork's first
/// instruction and a migrated program's downtime are measured in tens of microseconds; a slice is milliseconds).
/// Without the bound, a thousand CPU-bound forks on two cores are a thousand runnable threads, and the node's own
/// threads (dispatchers, heartbeats, remoting) get too little of the CPU to keep the node in its cluster.
/// Thread-safe.
/// </summary>
internal sealed class RunSlotGate : IDisposable
{
    private readonly Lock _lock = new();
    private readonly LinkedList<RunSlot> _arrivals = new();
    private readonly LinkedList<RunSlot> _waiting = new();
    private readonly List<RunSlot> _running = [];
    private readonly ManualResetEventSlim _someoneWaits = new();
    private readonly long _sliceTicks;
    private readonly TimeSpan _tick;
    private readonly bool _newInstancesPreempt;
    private bool _disposed;
    private long _handovers;

    /// <param name="slots">Instances that may execute guest code at once (at least 1).</param>
    /// <param name="timeSlice">How long a slot is kept while others wait.</param>
    /// <param name="newInstancesPreempt">
    /// Whether a new instance that has to wait asks a holder to yield at once (as run nodes do); false: it waits for
    /// a slice to end like any other waiter, which keeps it waiting as long as the slice lasts (tests of waiting use it).
    /// </param>
    public RunSlotGate(int slots, TimeSpan timeSlice, bool newInstancesPreempt = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(timeSlice, TimeSpan.Zero);
        Capacity = slots;
        TimeSlice = timeSlice;
        _newInstancesPreempt = newInstancesPreempt;
        _sliceTicks = (long)(timeSlice.TotalSeconds * Stopwatch.Frequency);

        // Looked at twice per slice: a holder yields between one and one and a half slices after it entered. A
        // thread of its own rather than a thread-pool timer, whose callbacks queue behind the actors' work exactly
        // when a burst of forks keeps the pool busy.
        _tick = TimeSpan.FromTicks(Math.Max(timeSlice.Ticks / 2, TimeSpan.TicksPerMillisecond));
        new Thread(TickWhileSomeoneWaits) { IsBackground = true, Name = "run slots" }.Start();
    }

    public int Capacity { get; }

    public TimeSpan TimeSlice { get; }

    /// <summary>Instances holding a slot now.</summary>
    public int Running
    {
        get
        {
            lock (_lock)
            {
                return _running.Count;
            }
        }
    }

    /// <summary>Instances waiting for a slot now.</summary>
    public int Waiting
    {
        get
        {
            lock (_lock)
            {
                return WaitingCount;
            }
        }
    }

    /// <summary>Slots handed over to a waiter since the gate was made (grants that needed a wait).</summary>
    public long Handovers => Interlocked.Read(ref _handovers);

    /// <summary>
    /// A new instance's place at the gate. <paramref name="granted"/> is called (on another thread, without locks
    /// held) when a slot the instance waited for becomes its own; <paramref name="yieldWanted"/> when it should give
    /// its slot back at its next checkpoint. Both must only signal.
    /// </summary>
    public RunSlot NewSlot(Action granted, Action yieldWanted) => new(this, granted, yieldWanted);

    /// <summary>Stops the time slices and lets every waiter in: nothing may hang on a node that is going away.</summary>
    public void Dispose()
    {
        List<RunSlot> released;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            released = [.. _arrivals, .. _waiting];
            _arrivals.Clear();
            _waiting.Clear();
            foreach (var slot in released)
            {
                slot.Node = null;
                slot.State = RunSlot.SlotState.Running;
                _running.Add(slot);
            }
        }

        _someoneWaits.Set(); // the ticking thread sees the gate disposed and ends
        foreach (var slot in released)
        {
            slot.Granted();
        }
    }

    /// <summary>See <see cref="RunSlot.TryEnter"/>.</summary>
    internal bool TryEnter(RunSlot slot)
    {
        RunSlot? next = null;
        RunSlot? preempted = null;
        lock (_lock)
        {
            switch (slot.State)
            {
                case RunSlot.SlotState.Running when !slot.YieldAsked || WaitingCount == 0:
                    if (slot.YieldAsked)
                    {
                        // Asked to yield, but whoever waited has gone: a new slice.
                        slot.YieldAsked = false;
                        slot.Since = Stopwatch.GetTimestamp();
                    }

                    return true;
                case RunSlot.SlotState.Running:
                    // The slice is over and others wait: the longest waiter takes the slot, this one queues last.
                    _running.Remove(slot);
                    next = GrantFirstWaiter();
                    Enqueue(slot);
                    break;
                case RunSlot.SlotState.Idle when _disposed || (_running.Count < Capacity && WaitingCount == 0):
                    Grant(slot);
                    return true;
                case RunSlot.SlotState.Idle:
                    Enqueue(slot);
                    preempted = slot.HasRun || !_newInstancesPreempt ? null : HolderToPreempt();
                    break;
            }
        }

        next?.Granted();
        preempted?.YieldWanted();
        return false;
    }

    /// <summary>See <see cref="RunSlot.TryReturn"/>.</summary>
    internal bool TryReturn(RunSlot slot)
    {
        lock (_lock)
        {
            if (slot.State == RunSlot.SlotState.Running)
            {
                return true;
            }

            if (slot.State == RunSlot.SlotState.Idle && (_disposed || (_running.Count < Capacity && WaitingCount == 0)))
            {
                Grant(slot);
                return true;
            }

            return false;
        }
    }

    /// <summary>See <see cref="RunSlot.Leave"/>.</summary>
    internal bool Leave(RunSlot slot)
    {
        RunSlot? next = null;
        bool wasRunning;
        lock (_lock)
        {
            wasRunning = slot.State == RunSlot.SlotState.Running;
            if (wasRunning)
            {
                _running.Remove(slot);
                next = GrantFirstWaiter();
            }
            else if (slot.Node is { } node)
            {
                node.List!.Remove(node);
                slot.Node = null;
            }

            slot.State = RunSlot.SlotState.Idle;
            slot.YieldAsked = false;
        }

        next?.Granted();
        return wasRunning;
    }

    /// <summary>See <see cref="RunSlot.EndTurnAtFirstCheckpointIfOthersWait"/>.</summary>
    internal bool AskToYieldIfOthersWait(RunSlot slot)
    {
        lock (_lock)
        {
            if (slot.State != RunSlot.SlotState.Running || WaitingCount == 0)
            {
                return false;
            }

            slot.YieldAsked = true;
            return true;
        }
    }

    internal bool IsRunning(RunSlot slot)
    {
        lock (_lock)
        {
            return slot.State == RunSlot.SlotState.Running;
        }
    }

    private int WaitingCount => _arrivals.Count + _waiting.Count;

    /// <summary>
    /// For a new instance that has to wait: the holder that has held its slot longest, now asked to yield; null when
    /// as many holders are already yielding as new instances wait (each new instance needs one slot).
    /// </summary>
    private RunSlot? HolderToPreempt()
    {
        RunSlot? oldest = null;
        var yielding = 0;
        foreach (var holder in _running)
        {
            if (holder.YieldAsked)
            {
                yielding++;
            }
            else if (oldest is null || holder.Since < oldest.Since)
            {
                oldest = holder;
            }
        }

        if (oldest is null || yielding >= _arrivals.Count)
        {
            return null;
        }

        oldest.YieldAsked = true;
        return oldest;
    }

    /// <summary>The longest-waiting new instance, else the longest waiter; null when none waits or no slot is free.</summary>
    private RunSlot? GrantFirstWaiter()
    {
        if ((_arrivals.First ?? _waiting.First) is not { } first || _running.Count >= Capacity)
        {
            return null;
        }

        first.List!.Remove(first);
        var slot = first.Value;
        slot.Node = null;
        Grant(slot);
        Interlocked.Increment(ref _handovers);
        return slot;
    }

    private void Grant(RunSlot slot)
    {
        slot.HasRun = true;
        slot.State = RunSlot.SlotState.Running;
        slot.Since = Stopwatch.GetTimestamp();
        slot.YieldAsked = false;
        _running.Add(slot);
    }

    private void Enqueue(RunSlot slot)
    {
        slot.State = RunSlot.SlotState.Waiting;
        slot.YieldAsked = false;
        slot.Node = (slot.HasRun ? _waiting : _arrivals).AddLast(slot);
        _someoneWaits.Set();
    }

    private void TickWhileSomeoneWaits()
    {
        while (true)
        {
            _someoneWaits.Wait();
            if (Volatile.Read(ref _disposed))
            {
                return;
            }

            Thread.Sleep(_tick);
            Tick();
        }
    }

    /// <summary>Asks holders whose slice is over to yield, while anyone waits; sleeps when nobody does.</summary>
    private void Tick()
    {
        List<RunSlot>? over = null;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (WaitingCount == 0)
            {
                _someoneWaits.Reset(); // under the lock: an Enqueue after this sets it again
                return;
            }

            var now = Stopwatch.GetTimestamp();
            foreach (var slot in _running)
            {
                if (!slot.YieldAsked && now - slot.Since >= _sliceTicks)
                {
                    slot.YieldAsked = true;
                    (over ??= []).Add(slot);
                }
            }
        }

        foreach (var slot in over ?? [])
        {
            slot.YieldWanted();
        }
    }
}
