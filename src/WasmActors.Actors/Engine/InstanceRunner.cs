using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;
using WasmActors.Snapshot.Capture;
using WasmActors.Snapshot.Format;
using WasmActors.Wasm;
using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Engine;

/// <summary>
/// Owns one instance's engine thread (a dedicated thread from <see cref="EngineThreads"/>, never an actor dispatcher thread, because a run is long
/// and a page fault blocks it). The actor talks to it through a pause flag the interpreter polls at its checkpoints
/// and a command queue the thread reads while paused; it reports back through <see cref="IRunnerEvents"/>.
/// On a node with bounded run slots (<see cref="InstanceProgram.RunSlots"/>) the thread holds a slot whenever it runs
/// guest code: it waits for one before preparing and before each run, gives it back when the run pauses, stops,
/// ends or blocks, and yields it at a checkpoint when its time slice is over (the same pause flag, so the
/// interpreter's hot path checks nothing new). While it waits it still serves stop, pause and engine-thread work.
/// </summary>
internal sealed class InstanceRunner
{
    private readonly InstanceProgram _program;
    private readonly IRunnerEvents _events;
    private readonly BlockingCollection<Command> _commands = new();
    private readonly int _stackBytes;
    private readonly ConcurrentQueue<Action<PreparedInstance>> _work = new();

    // A migration's final round (FreezeAtPause): run where the program stops for its pause, told when that was.
    private Action<PreparedInstance, long>? _atPause;
    private readonly RunSlot? _slot;
    private readonly InstanceGuard _guard;
    private volatile Machine? _machine;
    private volatile bool _pauseWanted;
    private volatile bool _ended;
    private volatile bool _stopWanted;
    private volatile string? _stopReason;
    private long _sequence;
    private long _pausedAt;
    private PreparedInstance? _prepared;

    public InstanceRunner(InstanceProgram program, IRunnerEvents events, int stackBytes, InstanceGuard guard)
    {
        _program = program;
        _events = events;
        _stackBytes = stackBytes;
        _guard = guard;
        _slot = program.RunSlots?.NewSlot(Wake, YieldAtCheckpoint);
    }

    private enum CommandKind
    {
        Resume,
        Stop,
        Work,

        /// <summary>Look at the flags and the slot again (a pause request, or a slot granted while waiting).</summary>
        Wake,
    }

    /// <summary>Memory bytes and faults of the running instance (read racily, for listings).</summary>
    public (long MemoryBytes, long Faults) Usage
    {
        get
        {
            var store = _prepared?.Store;
            return store is null ? (0, 0) : (store.Memories.Sum(m => (long)m.Length), store.Memories.Sum(m => m.Faults));
        }
    }

    public void Start() => EngineThreads.Run(Loop, _stackBytes);

    /// <summary>Asks the run to pause at its next checkpoint; <see cref="IRunnerEvents.Paused"/> follows.</summary>
    public void RequestPause()
    {
        _pauseWanted = true;
        Interlocked.MemoryBarrier(); // pairs with the barrier after the engine thread publishes _machine (Dekker)
        _machine?.RequestPause();
        if (_slot is not null)
        {
            Wake(); // a thread waiting for a slot must hear of the pause now, not when a slot comes
        }
    }

    /// <summary>Continues a paused run.</summary>
    public void Resume() => _commands.Add(new Command(CommandKind.Resume));

    /// <summary>
    /// Ends the run at its next checkpoint (or now, if paused); <see cref="IRunnerEvents.Stopped"/> follows, or
    /// <see cref="IRunnerEvents.Trapped"/> with <paramref name="limitReached"/> when a limit ends it (wall time).
    /// </summary>
    public void Stop(string? limitReached = null)
    {
        _stopReason ??= limitReached;
        _stopWanted = true;
        Interlocked.MemoryBarrier(); // without it the read of _machine may pass the write above: a stop lost
        _machine?.RequestPause();
        _commands.Add(new Command(CommandKind.Stop));
    }

    /// <summary>
    /// Freezes the instance at its next checkpoint without stopping it (a stall of O(page table), no actor round
    /// trip): the result is captured later on any thread while the program runs on. If the instance is paused it
    /// is frozen where it stands.
    /// </summary>
    public Task<FrozenCapture> Freeze() => OnEngineThread(FreezeNow);

    /// <summary>
    /// A live migration's final round: the run pauses at its next checkpoint (or stays paused) and, on the engine
    /// thread, is frozen where it stopped before the pause is reported; <paramref name="then"/> runs there too, told
    /// when the program stopped. No hop lies between the program stopping and its capture (a pause reported to the
    /// actors, and a freeze asked back, took a few milliseconds of downtime).
    /// </summary>
    public Task<T> FreezeAtPause<T>(Func<FrozenCapture, long, T> then)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _atPause, (prepared, stoppedAt) => Complete(done, () => then(FreezeNow(prepared), stoppedAt)));

        RequestPause();
        _commands.Add(new Command(CommandKind.Work)); // a run paused already takes it from its commands
        if (_ended)
        {
            FailPendingWork();
        }

        return done.Task;
    }

    /// <summary>What a migrated program takes along of its limits: these less what it used in <paramref name="ran"/>.</summary>
    public Messages.ProgramLimits RemainingLimits(TimeSpan ran) => _guard.Limits.Remaining(_machine?.Fuel, ran, _guard.OutputBytes);

    /// <summary>When the run last stopped at a pause (a <see cref="Stopwatch"/> timestamp), set before <see cref="IRunnerEvents.Paused"/>.</summary>
    public long PausedAt => Volatile.Read(ref _pausedAt);

    /// <summary>Bytes of memory written since the last freeze (read racily while the program runs: an estimate).</summary>
    public long BytesWrittenSinceFreeze
    {
        get
        {
            var store = _prepared?.Store;
            return store is null ? 0 : store.Memories.Sum(m => m.OwnedPageCount * m.PageSize);
        }
    }

    /// <summary>Runs <paramref name="work"/> on the engine thread at its next safe point; the run then goes on as it was.</summary>
    private Task<T> OnEngineThread<T>(Func<PreparedInstance, T> work)
    {
        var done = new TaskCompletionSource<T>(TaskCreationOptions.RunContinuationsAsynchronously);
        _work.Enqueue(prepared => Complete(done, () => work(prepared)));

        // Either the loop sees the queued work at its next drain, or the machine (if it is there) stops for it.
        Interlocked.MemoryBarrier();
        _machine?.RequestPause();
        _commands.Add(new Command(CommandKind.Work));
        if (_ended)
        {
            FailPendingWork();
        }

        return done.Task;
    }

    /// <summary>Completes <paramref name="done"/> with what <paramref name="work"/> returns, or with what it threw (a null instance included: the run had ended).</summary>
    private static void Complete<T>(TaskCompletionSource<T> done, Func<T> work)
    {
        try
        {
            done.SetResult(work());
        }
        catch (Exception e)
        {
            done.SetException(e);
        }
    }

    private void DrainWork(PreparedInstance prepared)
    {
        while (_work.TryDequeue(out var work))
        {
            work(prepared);
        }
    }

    private void FailPendingWork()
    {
        while (_work.TryDequeue(out var work))
        {
            work(null!); // the work's own catch turns the null into a failed task
        }

        RunAtPause(null!, 0);
    }

    /// <summary>Runs the final round's freeze if one waits: the program stands at a pause since <paramref name="stoppedAt"/>.</summary>
    private void RunAtPause(PreparedInstance prepared, long stoppedAt) => Interlocked.Exchange(ref _atPause, null)?.Invoke(prepared, stoppedAt);

    private void Loop()
    {
        RunSlot.Current = _slot;
        try
        {
            RunToEnd();
        }
        finally
        {
            _slot?.Leave();
            RunSlot.Current = null;
        }
    }

    private void RunToEnd()
    {
        // A program is prepared under a slot too (a fresh one validates and compiles, a fork restores): a fork
        // waiting here has not reached its first instruction. Asked to pause while waiting, it is prepared without
        // one and pauses before its first instruction; asked to stop, it ends without being prepared.
        if (!TakeSlot(null) && _stopWanted)
        {
            _ended = true;
            FailPendingWork();
            ReportStopped();
            return;
        }

        PreparedInstance prepared;
        try
        {
            prepared = _program.Prepare(new InstanceStreams(new OutputSink(1, Write), new OutputSink(2, Write)));
            try
            {
                _guard.Attach(prepared.Store);
                if (_guard.Limits.Fuel is { } fuel)
                {
                    prepared.Machine.Fuel = fuel;
                }
            }
            catch
            {
                prepared.Wasi.Dispose();
                throw;
            }
        }
        catch (Exception e)
        {
            _slot?.Leave();
            _ended = true;
            _guard.Release();
            FailPendingWork();
            _events.Trapped(Describe(e));
            return;
        }

        _prepared = prepared;
        _sequence = prepared.NextOutputSequence;
        _machine = prepared.Machine;
        Interlocked.MemoryBarrier();
        if (_pauseWanted || _stopWanted || _slot?.EndTurnAtFirstCheckpointIfOthersWait() == true)
        {
            prepared.Machine.RequestPause();
        }

        _events.Started();
        try
        {
            while (true)
            {
                DrainWork(prepared);
                if (TakeSlot(prepared))
                {
                    if (prepared.Machine.Run() == RunStatus.Completed)
                    {
                        _slot?.Leave();
                        _events.Exited(0);
                        return;
                    }

                    if (prepared.Machine.PauseReason == PauseReason.FuelExhausted)
                    {
                        _slot?.Leave();
                        _events.Trapped(_guard.FuelReason);
                        return;
                    }

                    DrainWork(prepared);
                    if (!_pauseWanted && !_stopWanted && prepared.Machine.PauseReason == PauseReason.Requested)
                    {
                        continue; // stopped only to run engine-thread work, or to yield its run slot
                    }
                }

                _slot?.Leave();
                _pauseWanted = false;
                if (_stopWanted)
                {
                    ReportStopped();
                    return;
                }

                Volatile.Write(ref _pausedAt, Stopwatch.GetTimestamp());
                RunAtPause(prepared, _pausedAt);
                _events.Paused();
                if (!AwaitResume(prepared))
                {
                    ReportStopped();
                    return;
                }
            }
        }
        catch (WasiExitException exit)
        {
            _slot?.Leave();
            _events.Exited(exit.ExitCode);
        }
        catch (Exception e)
        {
            _slot?.Leave();
            _events.Trapped(Describe(e));
        }
        finally
        {
            _ended = true;
            _guard.Release();
            FailPendingWork();
            prepared.Wasi.Dispose();
        }
    }

    /// <summary>A stop asked for by a limit (wall time) ends the program as a trap naming it; any other as a stop.</summary>
    private void ReportStopped()
    {
        if (_stopReason is { } limit)
        {
            _events.Trapped(limit);
        }
        else
        {
            _events.Stopped();
        }
    }

    /// <summary>
    /// Holds a run slot (waiting for one in arrival order if need be) before guest code runs; true to run, false
    /// when a pause or stop is wanted first (the instance then holds no slot). Without bounded slots it is always
    /// true, as before: a pending pause then stops the machine at its first checkpoint. While waiting it serves
    /// engine-thread work (the machine stands at a checkpoint), unless <paramref name="prepared"/> is null: work
    /// asked for before the program exists stays queued for the first drain after it is prepared.
    /// </summary>
    private bool TakeSlot(PreparedInstance? prepared)
    {
        if (_slot is null)
        {
            return true;
        }

        if (_pauseWanted || _stopWanted)
        {
            _slot.Leave();
            return false;
        }

        if (_slot.TryEnter())
        {
            return true;
        }

        // Every reason to look again (a grant, a pause, a stop, work) arrives as a command after its flag is set.
        foreach (var command in _commands.GetConsumingEnumerable())
        {
            if (command.Kind == CommandKind.Work && prepared is not null)
            {
                DrainWork(prepared);
            }

            if (_pauseWanted || _stopWanted)
            {
                _slot.Leave();
                return false;
            }

            if (_slot.IsRunning)
            {
                return true;
            }
        }

        return false;
    }

    private void Wake() => _commands.Add(new Command(CommandKind.Wake));

    /// <summary>The slice is over, or a blocking call came back to no free slot: stop at the next checkpoint and queue.</summary>
    private void YieldAtCheckpoint() => _machine?.RequestPause();

    /// <summary>Serves commands while paused; true to run on, false to stop.</summary>
    private bool AwaitResume(PreparedInstance prepared)
    {
        foreach (var command in _commands.GetConsumingEnumerable())
        {
            switch (command.Kind)
            {
                case CommandKind.Resume when !_stopWanted:
                    return true;
                case CommandKind.Resume:
                case CommandKind.Stop:
                    return false;
                case CommandKind.Work:
                    DrainWork(prepared);
                    _pauseWanted = false; // a final round's pause, asked for while paused already
                    RunAtPause(prepared, Stopwatch.GetTimestamp());
                    break;
                case CommandKind.Wake:
                    _pauseWanted = false; // a late pause request or slot grant: paused, the instance holds no slot
                    break;
            }
        }

        return false;
    }

    private FrozenCapture FreezeNow(PreparedInstance prepared)
    {
        if (prepared is null)
        {
            throw new InvalidOperationException("the program ended before it could be frozen");
        }

        var started = Stopwatch.GetTimestamp();
        var frozen = FrozenStore.Freeze(prepared.Store, prepared.Machine, HostState(prepared));
        return new FrozenCapture(frozen, Stopwatch.GetElapsedTime(started));
    }

    // The memory node derives each snapshot's regions from its memory records, so the host state needs no layout
    // (hashing every page a second time for it would double a capture's cost).
    private HostStateEntry[] HostState(PreparedInstance prepared) =>
    [
        WasiState.Capture(prepared.Wasi),
        new(HostStateNames.Output, BitConverter.GetBytes(Interlocked.Read(ref _sequence))),
        new(HostStateNames.Name, Encoding.UTF8.GetBytes(_program.Name)),
    ];

    private void Write(int fd, byte[] data)
    {
        _guard.CountOutput(data.Length); // throws the trap when the write passes an output limit; nothing of it leaves
        _events.Output(fd, Interlocked.Increment(ref _sequence) - 1, data);
    }

    private static string Describe(Exception e) => e switch
    {
        WasmTrapException trap => trap.Reason,
        WasmException wasm => wasm.Message,
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private sealed record Command(CommandKind Kind);
}

/// <summary>A store frozen at a safe point, and how long the program stood still for it.</summary>
internal sealed record FrozenCapture(FrozenStore Store, TimeSpan Stall);
