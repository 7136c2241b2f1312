using System.Runtime.CompilerServices;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// One execution of a function: the interpreter's complete state in plain arrays, never on the CLR stack, so that a
/// run can pause at an instruction boundary, be inspected or serialised, and resume with exactly the result an
/// uninterrupted run would have had.
/// <code>
/// var machine = new Machine(store);
/// machine.Start(function, arguments);
/// while (machine.Run() == RunStatus.Paused) { /* inspect, snapshot, refuel... */ }
/// var results = machine.Results;
/// </code>
/// State layout: <see cref="Stack"/> holds 8-byte slots (numeric bits, i32/f32 zero-extended; references as
/// <see cref="RefValue"/>; a v128 takes two consecutive slots, low half first). Each frame (<see cref="GetFrame"/>, outermost first) owns the slots from its
/// <see cref="MachineFrame.StackBase"/>: parameters, declared locals, then its operand stack, whose heights the
/// internal code fixes at compile time. A callee's frame starts where its caller placed the arguments, and its
/// results end up at its base. Checkpoints, where fuel is consumed and pauses happen, are taken branches and calls.
/// </summary>
public sealed partial class Machine
{
    private const int InitialStackSlots = 1024;
    private const int InitialFrames = 16;

    private readonly Store _store;
    private readonly int _maxStackSlots;
    private readonly int _maxCallDepth;
    private ulong[] _stack = new ulong[InitialStackSlots];
    private Frame[] _frames = new Frame[InitialFrames];
    private int _depth;
    private long _fuel = long.MaxValue;
    private bool _fuelLimited;
    private volatile int _pauseRequested;
    private FuncType? _entryType;
    private HostFunction? _hostEntry;
    private ulong[] _hostArguments = [];
    private ulong[] _results = [];
    private HostFunction? _activeHost;
    private HostCallContext? _context;

    public Machine(Store store)
    {
        _store = store;
        _maxStackSlots = store.Config.MaxValueStackSlots;
        _maxCallDepth = store.Config.MaxCallDepth;
        _tierThreshold = store.Config.TierThreshold;
    }

    public Store Store => _store;

    public MachineState State { get; private set; } = MachineState.Idle;

    /// <summary>Why the last <see cref="Run"/> paused.</summary>
    public PauseReason PauseReason { get; private set; }

    /// <summary>
    /// Remaining fuel, or null for no limit (the default). Each checkpoint (taken branch or call) consumes one unit;
    /// when none is left the run pauses with <see cref="PauseReason.FuelExhausted"/>. Set it between runs.
    /// </summary>
    public long? Fuel
    {
        get => _fuelLimited ? Math.Max(_fuel, 0) : null;
        set
        {
            if (State == MachineState.Running)
            {
                throw new InvalidOperationException("fuel can only be changed while the machine is not running");
            }

            ArgumentOutOfRangeException.ThrowIfNegative(value ?? 0, nameof(value));
            _fuelLimited = value is not null;
            _fuel = value ?? long.MaxValue;
        }
    }

    /// <summary>The results of the completed run (raw values: one per result, two for a v128, low half first).</summary>
    public ulong[] Results => State == MachineState.Completed ? _results : throw new InvalidOperationException("the run has not completed");

    /// <summary>Number of wasm frames (0 when idle or completed).</summary>
    public int FrameCount => _depth;

    /// <summary>The used part of the value stack: up to the end of the innermost frame.</summary>
    internal ReadOnlySpan<ulong> Stack => _depth == 0 ? [] : _stack.AsSpan(0, _frames[_depth - 1].StackBase + _frames[_depth - 1].Function.FrameSize);

    /// <summary>Frame <paramref name="index"/>, 0 being the outermost (the function passed to <see cref="Start"/>).</summary>
    public MachineFrame GetFrame(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, _depth);
        var frame = _frames[index];
        return new MachineFrame(frame.Function.Function, frame.Pc, frame.StackBase);
    }

    /// <summary>
    /// Asks a run to pause at its next checkpoint. Safe to call from any thread; a request made while the machine is
    /// not running takes effect at the first checkpoint of the next <see cref="Run"/>.
    /// </summary>
    public void RequestPause() => _pauseRequested = 1;

    /// <summary>
    /// Prepares a call of <paramref name="function"/> with raw arguments (one per parameter, two for a v128: low half
    /// first); <see cref="Run"/> executes it.
    /// </summary>
    public void Start(FunctionInstance function, ReadOnlySpan<ulong> arguments)
    {
        if (State == MachineState.Running)
        {
            throw new InvalidOperationException("the machine is running");
        }

        var type = function.Type;
        if (arguments.Length != Slots.Of(type.Parameters))
        {
            throw new ArgumentException($"{function.DisplayName} takes {Slots.Of(type.Parameters)} raw arguments, not {arguments.Length}", nameof(arguments));
        }

        _depth = 0;
        _entryType = type;
        _hostEntry = null;
        _results = [];
        PauseReason = PauseReason.None;
        if (function is HostFunction host)
        {
            _hostEntry = host;
            _hostArguments = arguments.ToArray();
        }
        else
        {
            var compiled = CompiledFunction.Of((WasmFunction)function);
            EnsureStack(compiled.FrameSize);
            arguments.CopyTo(_stack);
            _stack.AsSpan(compiled.ParamCount, compiled.LocalCount - compiled.ParamCount).Clear();
            _frames[0] = new Frame(compiled, 0, 0);
            _depth = 1;
        }

        State = MachineState.Ready;
    }

    /// <summary>
    /// Runs until the function returns (<see cref="RunStatus.Completed"/>) or the machine pauses
    /// (<see cref="RunStatus.Paused"/>; call again to resume). A trap throws <see cref="WasmTrapException"/> with the
    /// wasm backtrace, and the machine cannot continue.
    /// </summary>
    public RunStatus Run()
    {
        if (State != MachineState.Ready)
        {
            throw new InvalidOperationException($"the machine cannot run: it is {State}");
        }

        State = MachineState.Running;
        PauseReason = PauseReason.None;
        _nestedBodies = 0;
        try
        {
            if (!RuntimeHelpers.TryEnsureSufficientExecutionStack())
            {
                // Host functions that call back into wasm nest runs on the CLR stack; stop before it overflows.
                throw new WasmTrapException(TrapMessages.CallStackExhausted);
            }

            var status = _hostEntry is { } host ? RunHost(host) : Execute();
            State = status == RunStatus.Completed ? MachineState.Completed : MachineState.Ready;
            if (status == RunStatus.Completed)
            {
                _depth = 0;
            }

            return status;
        }
        catch (WasmTrapException trap)
        {
            State = MachineState.Failed;
            throw new WasmTrapException(trap.Reason, Backtrace(trap), trap);
        }
        catch
        {
            State = MachineState.Failed;
            throw;
        }
    }

    private RunStatus RunHost(HostFunction host)
    {
        var results = new ulong[Slots.Of(host.Type.Results)];
        _activeHost = host;
        host.Callback(new HostCallContext(_store, null), _hostArguments, results);
        _activeHost = null;
        _results = results;
        return RunStatus.Completed;
    }

    private List<string> Backtrace(WasmTrapException trap)
    {
        var trace = new List<string>(trap.WasmBacktrace);
        if (_activeHost is { } host)
        {
            trace.Add(host.DisplayName);
        }

        for (var i = _depth - 1; i >= 0; i--)
        {
            trace.Add(_frames[i].Function.Function.DisplayName);
        }

        return trace;
    }

    private void EnsureStack(int slots)
    {
        if (slots > _maxStackSlots)
        {
            throw new WasmTrapException(TrapMessages.CallStackExhausted);
        }

        if (slots > _stack.Length)
        {
            Array.Resize(ref _stack, (int)Math.Min(Math.Max((long)slots, 2L * _stack.Length), _maxStackSlots));
        }
    }

    /// <summary>Makes room for one more frame ending at slot <paramref name="stackEnd"/>; traps when a limit is reached.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private void MakeRoom(int stackEnd)
    {
        if (_depth >= _maxCallDepth)
        {
            throw new WasmTrapException(TrapMessages.CallStackExhausted);
        }

        if (_depth == _frames.Length)
        {
            Array.Resize(ref _frames, Math.Min(_frames.Length * 2, _maxCallDepth));
        }

        EnsureStack(stackEnd);
    }

    /// <summary>One call frame. Pc is the next instruction (for callers: the one after the call).</summary>
    private struct Frame
    {
        public CompiledFunction Function;
        public int StackBase;
        public int Pc;

        public Frame(CompiledFunction function, int stackBase, int pc)
        {
            Function = function;
            StackBase = stackBase;
            Pc = pc;
        }
    }
}
