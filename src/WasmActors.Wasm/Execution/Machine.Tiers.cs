using System.Runtime.CompilerServices;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// Runs the innermost frame in the interpreter or, once its function is hot, in its CIL-compiled body. Both tiers
/// keep every value in the machine's slots and stop at the same checkpoints, so frames move freely between them.
/// </summary>
public sealed partial class Machine
{
    private readonly int _tierThreshold = Tiering.Current;
    private FunctionInstance? _pendingCallee;
    private int _pendingCalleeBase;

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

    private RunStatus? RunCompiled(CompiledBody body)
    {
        var frame = _frames[_depth - 1];
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

        switch (exit)
        {
            case BodyExit.Return:
                return --_depth == 0 ? Complete() : null;
            case BodyExit.Call:
                _frames[_depth - 1].Pc = pc;
                return CallFromCompiled(module, frame.StackBase + _pendingCalleeBase);
            default:
                _frames[_depth - 1].Pc = pc;
                return Pause(_fuel);
        }
    }

    /// <summary>Performs the call a compiled body asked for, then the call's checkpoint.</summary>
    private RunStatus? CallFromCompiled(ModuleInstance caller, int calleeBase)
    {
        var callee = _pendingCallee!;
        _pendingCallee = null;
        if (callee is WasmFunction wasm)
        {
            var target = wasm.Compiled ?? CompiledFunction.Of(wasm);
            if (_depth == _frames.Length || calleeBase + target.FrameSize > _stack.Length)
            {
                MakeRoom(calleeBase + target.FrameSize);
            }

            _frames[_depth++] = new Frame(target, calleeBase, 0);
            _stack.AsSpan(calleeBase + target.ParamCount, target.LocalCount - target.ParamCount).Clear();
        }
        else
        {
            CallHost((HostFunction)callee, caller, calleeBase);
        }

        return --_fuel < 0 || _pauseRequested != 0 ? Pause(_fuel) : null;
    }

    /// <summary>Called by compiled code for <see cref="Op.Call"/>.</summary>
    internal void PrepareCall(ModuleInstance module, int functionIndex, int calleeBase)
    {
        _pendingCallee = module.Functions[functionIndex];
        _pendingCalleeBase = calleeBase;
    }

    /// <summary>Called by compiled code for <see cref="Op.CallIndirect"/>; traps like the interpreter.</summary>
    internal void PrepareIndirectCall(ModuleInstance module, int typeIndex, int tableIndex, uint index, int calleeBase)
    {
        _pendingCallee = ResolveIndirect(module, typeIndex, tableIndex, index);
        _pendingCalleeBase = calleeBase;
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
        if (!IlCompiler.CanCompile(function) || (_tierThreshold != 0 && !IlCompiler.Suits(function)))
        {
            function.DisableBody();
            return false;
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
