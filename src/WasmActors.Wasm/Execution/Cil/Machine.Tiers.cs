using System.Runtime.CompilerServices;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// Runs the innermost frame in the interpreter or, once its function is hot, in its CIL-compiled body. Both tiers
/// keep every value in the machine's slots whenever the machine is stopped, and stop at the same checkpoints, so
/// frames move freely between them. A compiled body calls another compiled body directly (nested on the CLR stack,
/// see <see cref="CallFromBody"/>) but still pushes the callee's frame on the machine's frame array, so depth limits,
/// backtraces and pause positions are those of the interpreter; a pause unwinds the nested bodies, each spilling its
/// slots and leaving its position in its frame.
/// </summary>
public sealed partial class Machine
{
    /// <summary>
    /// At most this many compiled bodies nest on the CLR stack; a deeper call unwinds them into the machine's frames,
    /// and the machine's loop re-enters each of them once. High enough that common recursion (a recursive-descent
    /// parser, Ackermann's few hundred frames) stays nested; the runtime's stack check bounds it on small stacks.
    /// </summary>
    internal const int MaxNestedBodies = 1000;

    private readonly int _tierThreshold;
    private int _nestedBodies;

    /// <summary>How the last <see cref="CallDirect"/> or <see cref="CallIndirect"/> ended (read by compiled code).</summary>
    internal BodyExit CallExit;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private RunStatus Execute()
    {
        while (true)
        {
            var status = _frames[_depth - 1].Function.Body is { } body ? RunCompiled(body) : Interpret();
            if (status is { } finished)
            {
                return finished;
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private RunStatus? RunCompiled(CompiledBody body)
    {
        var index = _depth - 1;
        var frame = _frames[index];
        var pc = frame.Pc;
        var resume = body.ResumeIndex[pc];
        if (resume < 0)
        {
            // Not a position the compiled body can start from: interpret up to the next checkpoint.
            return Interpret();
        }

        var module = frame.Function.Module;
        BodyExit exit;
        try
        {
            exit = body.Run(this, ref _stack[frame.StackBase], module, MemoryOf(module), resume, ref _fuel, ref pc);
        }
        catch (InvalidProgramException)
        {
            // The JIT rejected the generated code before it ran a single instruction: stay in the interpreter.
            frame.Function.DisableBody();
            Tiering.CountRejectedBody();
            return Interpret();
        }

        if (exit == BodyExit.Return)
        {
            return --_depth == 0 ? Complete() : null;
        }

        // Frames the body called directly are on the frame array above this one, their positions already stored.
        _frames[index].Pc = pc;
        return exit == BodyExit.Pause ? Pause(_fuel) : null;
    }

    // The call path runs fully optimised from its first call (like the interpreter's loop): short runs would
    // otherwise spend their time in the JIT's unoptimised first tier of these methods.

    /// <summary>Called by compiled code for <see cref="Op.Call"/> of an import; see <see cref="CallFromBody"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ref ulong CallDirect(ModuleInstance module, int functionIndex, int calleeOffset, int returnPc, ref long fuel) =>
        ref CallFromBody(module.Functions[functionIndex], module, calleeOffset, returnPc, ref fuel);

    /// <summary>
    /// Called by compiled code for <see cref="Op.Call"/> of a function the module defines: a wasm function of the same
    /// instance, with the caller's memory. Like <see cref="CallFromBody"/> without the checks an import needs.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ref ulong CallDefined(ModuleInstance module, MemoryInstance? memory, int functionIndex, int calleeOffset, int returnPc, ref long fuel)
    {
        var wasm = (WasmFunction)module.Functions[functionIndex];
        var callerIndex = _depth - 1;
        var callerBase = _frames[callerIndex].StackBase;
        _frames[callerIndex].Pc = returnPc;
        CallExit = Enter(wasm.Compiled ?? CompiledFunction.Of(wasm), callerBase + calleeOffset, memory, ref fuel);
        return ref _stack[callerBase];
    }

    /// <summary>Called by compiled code for <see cref="Op.CallIndirect"/>; traps like the interpreter, then <see cref="CallFromBody"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ref ulong CallIndirect(ModuleInstance module, int typeIndex, int tableIndex, uint index, int calleeOffset, int returnPc, ref long fuel) =>
        ref CallFromBody(ResolveIndirect(module, typeIndex, tableIndex, index), module, calleeOffset, returnPc, ref fuel);

    /// <summary>
    /// A call made by the compiled body of the innermost frame, whose slots from <paramref name="calleeOffset"/> on are in
    /// the machine's stack. Pushes the callee's frame and passes the call's checkpoint exactly as the interpreter does;
    /// then runs a compiled callee's body right here, or a host function. <see cref="CallExit"/> tells the body how to
    /// go on: <see cref="BodyExit.Return"/> (the callee returned: continue after the call), or
    /// <see cref="BodyExit.Pause"/>/<see cref="BodyExit.Unwind"/> (spill, leave <paramref name="returnPc"/> as the position
    /// and exit with that code). Returns the caller's slot 0, which moves when the stack grows.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private ref ulong CallFromBody(FunctionInstance callee, ModuleInstance caller, int calleeOffset, int returnPc, ref long fuel)
    {
        var callerIndex = _depth - 1;
        var callerBase = _frames[callerIndex].StackBase;
        var calleeBase = callerBase + calleeOffset;
        _frames[callerIndex].Pc = returnPc;
        if (callee is WasmFunction wasm)
        {
            var target = wasm.Compiled ?? CompiledFunction.Of(wasm);
            CallExit = Enter(target, calleeBase, MemoryOf(target.Module), ref fuel);
        }
        else
        {
            CallHost((HostFunction)callee, caller, calleeBase);
            CallExit = --fuel < 0 || _pauseRequested != 0 ? BodyExit.Pause : BodyExit.Return;
        }

        return ref _stack[callerBase];
    }

    /// <summary>
    /// Pushes a wasm callee's frame at <paramref name="calleeBase"/> (its arguments are there), passes the call's
    /// checkpoint and runs its compiled body if it can. A frame left to the machine's loop at its entry gets its locals
    /// zeroed in the stack, as the interpreter expects; a body that ran spilled its own slots.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private BodyExit Enter(CompiledFunction target, int calleeBase, MemoryInstance? memory, ref long fuel)
    {
        if (_depth == _frames.Length || calleeBase + target.FrameSize > _stack.Length)
        {
            MakeRoom(calleeBase + target.FrameSize);
        }

        _frames[_depth++] = new Frame(target, calleeBase, 0);
        BodyExit exit;
        if (--fuel < 0 || _pauseRequested != 0)
        {
            exit = BodyExit.Pause;
        }
        else if (NestableBody(target) is { } body)
        {
            return RunNested(body, target, calleeBase, memory, ref fuel);
        }
        else
        {
            exit = BodyExit.Unwind;
        }

        ClearLocals(target, calleeBase);
        return exit;
    }

    /// <summary>Zeroes the declared locals of a frame at its entry, which the interpreter or a resumed body will run.</summary>
    private void ClearLocals(CompiledFunction function, int stackBase)
    {
        if (function.LocalCount != function.ParamCount)
        {
            _stack.AsSpan(stackBase + function.ParamCount, function.LocalCount - function.ParamCount).Clear();
        }
    }

    /// <summary>The callee's body if it may run nested here: compiled (now, if it just became hot) and within the nesting bounds.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private CompiledBody? NestableBody(CompiledFunction target)
    {
        var body = target.Body ?? BodyIfHot(target);
        if (body is null || _nestedBodies >= MaxNestedBodies || (NeedsStackCheck(target) && !RuntimeHelpers.TryEnsureSufficientExecutionStack()))
        {
            return null;
        }

        return body;
    }

    /// <summary>A callee still without a body gains heat, and is compiled once it is hot.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private CompiledBody? BodyIfHot(CompiledFunction target) =>
        target.TierDisabled || ++target.Heat < _tierThreshold || !TryCompileBody(target) ? null : target.Body;

    /// <summary>
    /// Whether to ask the runtime for stack room before nesting this body. The check reads thread-local state (a tenth
    /// of a recursive call's time), so it runs at every fourth nesting level and for every body with a large frame: the
    /// runtime's check guarantees far more room than three bodies of at most <see cref="SmallFrameSlots"/> slots take.
    /// </summary>
    private bool NeedsStackCheck(CompiledFunction target) => (_nestedBodies & 3) == 0 || target.FrameSize > SmallFrameSlots;

    /// <summary>Frames up to this many slots (CIL locals of 8 bytes) are small enough to skip a stack check.</summary>
    private const int SmallFrameSlots = 256;

    /// <summary>
    /// Runs the innermost frame (just pushed, at its entry) in its compiled body, nested on the CLR stack. Inlined into
    /// the call helpers, so a wasm call costs one CLR frame besides the callee's body; a body's first run, when the JIT
    /// may still reject it, goes through <see cref="RunNestedFirst"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining | MethodImplOptions.AggressiveOptimization)]
    private BodyExit RunNested(CompiledBody body, CompiledFunction target, int calleeBase, MemoryInstance? memory, ref long fuel)
    {
        if (!body.HasRun)
        {
            return RunNestedFirst(body, target, calleeBase, memory, ref fuel);
        }

        var index = _depth - 1;
        var pc = 0;
        _nestedBodies++;
        var exit = body.Run(this, ref _stack[calleeBase], target.Module, memory, CompiledBody.FreshEntry, ref fuel, ref pc);
        _nestedBodies--;
        return AfterNested(exit, index, pc);
    }

    /// <summary><see cref="RunNested"/> for a body that has not run yet: the JIT compiles it now and may reject it.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private BodyExit RunNestedFirst(CompiledBody body, CompiledFunction target, int calleeBase, MemoryInstance? memory, ref long fuel)
    {
        var index = _depth - 1;
        var pc = 0;
        BodyExit exit;
        _nestedBodies++;
        try
        {
            exit = body.Run(this, ref _stack[calleeBase], target.Module, memory, CompiledBody.FreshEntry, ref fuel, ref pc);
        }
        catch (InvalidProgramException)
        {
            // The JIT rejected the body before it ran an instruction: the machine's loop interprets the frame.
            _nestedBodies--;
            target.DisableBody();
            Tiering.CountRejectedBody();
            ClearLocals(target, calleeBase);
            return BodyExit.Unwind;
        }

        _nestedBodies--;
        body.HasRun = true;
        return AfterNested(exit, index, pc);
    }

    /// <summary>A nested body stopped: pop its frame if it returned, else leave its position in it.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private BodyExit AfterNested(BodyExit exit, int index, int pc)
    {
        if (exit == BodyExit.Return)
        {
            _depth--;
        }
        else
        {
            _frames[index].Pc = pc;
        }

        return exit;
    }

    private RunStatus Complete()
    {
        _results = _stack.AsSpan(0, Slots.Of(_entryType!.Results)).ToArray();
        return RunStatus.Completed;
    }

    /// <summary>Compiles a hot function's body; a function the CIL tier cannot take stays interpreted.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private bool TryCompileBody(CompiledFunction function)
    {
        if (_tierThreshold == int.MaxValue)
        {
            // The tier is off: the heat only overflowed.
            function.Heat = 0;
            return false;
        }

        if (!IlCompiler.CanCompile(function))
        {
            function.DisableBody();
            return false;
        }

        if (_tierThreshold != 0 && !function.HeatScaled)
        {
            // A large function waits for more heat: the JIT's time grows faster than the function.
            function.HeatScaled = true;
            var more = (long)_tierThreshold * (IlCompiler.CompileCost(function) - 1);
            if (more > 0)
            {
                function.Heat = (int)-Math.Min(more, int.MaxValue / 2);
                return false;
            }
        }

        try
        {
            function.CompileBody();
            return true;
        }
        catch (Exception e) when (e is InvalidProgramException or InvalidOperationException or KeyNotFoundException or NotSupportedException)
        {
            // The CIL tier is an optimisation: a body it cannot translate runs in the interpreter.
            function.DisableBody();
            Tiering.CountRejectedBody();
            return false;
        }
    }
}
