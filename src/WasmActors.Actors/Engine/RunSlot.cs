namespace WasmActors.Actors.Engine;

/// <summary>
/// One instance's place at a <see cref="RunSlotGate"/>: idle, waiting, or holding a slot. Used by the instance's
/// engine thread (enter, leave) and, through <see cref="Current"/>, by code on that thread that blocks (page
/// fetches, sleeps), which gives the slot back for the wait (<see cref="Blocking"/>).
/// </summary>
internal sealed class RunSlot
{
    // Engine threads are reused (EngineThreads): the runner sets this for its run and clears it after.
    [ThreadStatic]
    private static RunSlot? _current;

    private readonly Action _granted;
    private readonly Action _yieldWanted;

    internal RunSlot(RunSlotGate gate, Action granted, Action yieldWanted)
    {
        Gate = gate;
        _granted = granted;
        _yieldWanted = yieldWanted;
    }

    internal enum SlotState
    {
        Idle,
        Waiting,
        Running,
    }

    /// <summary>The slot of the instance whose engine thread this is; null elsewhere (and when slots are unbounded).</summary>
    public static RunSlot? Current
    {
        get => _current;
        set => _current = value;
    }

    public RunSlotGate Gate { get; }

    /// <summary>Whether this instance holds a slot now.</summary>
    public bool IsRunning => Gate.IsRunning(this);

    // Guarded by the gate's lock.
    internal SlotState State { get; set; }

    internal LinkedListNode<RunSlot>? Node { get; set; }

    internal long Since { get; set; }

    internal bool YieldAsked { get; set; }

    /// <summary>Whether it was ever granted a slot (a new instance waits among the arrivals, served first).</summary>
    internal bool HasRun { get; set; }

    /// <summary>
    /// Marks a stretch of blocking on the calling thread: if it is an engine thread holding a slot, the slot goes to
    /// the next waiter until the returned region is disposed. Coming back, the thread takes a free slot at once if
    /// nobody waits; otherwise it runs on to its next checkpoint (it is inside an instruction and cannot stop) and
    /// queues there. Nothing on this path ever waits for a slot, so blocking code cannot deadlock on the gate.
    /// </summary>
    public static BlockingRegion Blocking()
    {
        var slot = _current;
        return slot is not null && slot.Gate.Leave(slot) ? new BlockingRegion(slot) : default;
    }

    /// <summary>
    /// True if the instance may run now: it holds a slot (and was not asked to yield it, or nobody waits any
    /// more), or one was free. False if it is now waiting, in arrival order: the grant callback follows. Asked to
    /// yield and others waiting, it hands its slot to the longest waiter and queues last.
    /// </summary>
    public bool TryEnter() => Gate.TryEnter(this);

    /// <summary>Gives the slot back, or leaves the queue; true if it held a slot.</summary>
    public bool Leave() => Gate.Leave(this);

    /// <summary>
    /// For a new instance about to run its first instruction: if others wait, its first turn ends at its first
    /// checkpoint instead of after a whole slice (true: the caller raises the machine's pause flag). A burst of
    /// forks then reaches its first instructions at the pace of preparing them, not one slice per slot and fork, and
    /// the instances already running wait for the burst only that long.
    /// </summary>
    public bool EndTurnAtFirstCheckpointIfOthersWait() => Gate.AskToYieldIfOthersWait(this);

    /// <summary>After blocking: takes a slot only if one is free and nobody waits; never waits.</summary>
    public bool TryReturn() => Gate.TryReturn(this);

    internal void Granted() => _granted();

    internal void YieldWanted() => _yieldWanted();

    /// <summary>A stretch of blocking during which the engine thread holds no slot (see <see cref="Blocking"/>).</summary>
    public readonly struct BlockingRegion : IDisposable
    {
        private readonly RunSlot? _slot;

        internal BlockingRegion(RunSlot slot) => _slot = slot;

        public void Dispose()
        {
            if (_slot is not null && !_slot.TryReturn())
            {
                // Running on without a slot until the next checkpoint, where the runner queues for one.
                _slot.YieldWanted();
            }
        }
    }
}
