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
    /// <summary>At most this many compiled bodies nest on the CLR stack; a deeper call unwinds them into the machine's frames.</summary>
    internal const int MaxNestedBodies = 200;

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

    /// <summary>Called by compiled code for <see cref="Op.Call"/>; see <see cref="CallFromBody"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal ref ulong CallDirect(ModuleInstance module, int functionIndex, int calleeOffset, int returnPc, ref long fuel) =>
        ref CallFromBody(module.Functions[functionIndex], module, calleeOffset, returnPc, ref fuel);

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
            if (_depth == _frames.Length || calleeBase + target.FrameSize > _stack.Length)
            {
                MakeRoom(calleeBase + target.FrameSize);
            }

            _frames[_depth++] = new Frame(target, calleeBase, 0);
            _stack.AsSpan(calleeBase + target.ParamCount, target.LocalCount - target.ParamCount).Clear();
            CallExit = --fuel < 0 || _pauseRequested != 0 ? BodyExit.Pause : RunNested(target, calleeBase, ref fuel);
        }
        else
        {
            CallHost((HostFunction)callee, caller, calleeBase);
            CallExit = --fuel < 0 || _pauseRequested != 0 ? BodyExit.Pause : BodyExit.Return;
        }

        return ref _stack[callerBase];
    }

    /// <summary>Runs the innermost frame (just pushed, at its entry) in its compiled body, if it has one and the CLR stack allows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private BodyExit RunNested(CompiledFunction target, int calleeBase, ref long fuel)
    {
        var body = target.Body;
        if (body is null && (target.TierDisabled || ++target.Heat < _tierThreshold || !TryCompileBody(target)))
        {
            return BodyExit.Unwind;
        }

        if (_nestedBodies >= MaxNestedBodies || !RuntimeHelpers.TryEnsureSufficientExecutionStack())
        {
            return BodyExit.Unwind;
        }

        var index = _depth - 1;
        var pc = 0;
        BodyExit exit;
        _nestedBodies++;
        try
        {
            exit = (body ?? target.Body!).Run(this, ref _stack[calleeBase], target.Module, MemoryOf(target.Module), 0, ref fuel, ref pc);
        }
        catch (InvalidProgramException)
        {
            // The JIT rejected the body before it ran an instruction: the machine's loop interprets the frame.
            _nestedBodies--;
            target.DisableBody();
            return BodyExit.Unwind;
        }

        _nestedBodies--;
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
            return false;
        }
    }
}
