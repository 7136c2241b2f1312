using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// A function of one module instance with its (shared) compiled code. The code is a deterministic function of the
/// module bytes: a paused machine's positions (<see cref="MachineFrame.Pc"/>) index into <see cref="Code"/>.
/// </summary>
internal sealed class CompiledFunction
{
    private readonly FunctionCode _shared;

    public CompiledFunction(WasmFunction function, FunctionCode shared)
    {
        _shared = shared;
        Function = function;
        Module = function.Module;
        Code = shared.Code;
        ParamCount = Slots.Of(function.Type.Parameters);
        ResultCount = Slots.Of(function.Type.Results);
        LocalCount = shared.LocalCount;
        FrameSize = shared.FrameSize;
    }

    public WasmFunction Function { get; }

    /// <summary>
    /// Checkpoints this function's activations passed in the interpreter (taken branches, and calls of it): when it
    /// reaches the tier threshold, the function is compiled to CIL. Updated without synchronisation: it only guides tiering.
    /// </summary>
    public int Heat;

    /// <summary>Whether <see cref="Heat"/> was set back once to make a costly compilation wait for more heat.</summary>
    public bool HeatScaled;

    public ModuleInstance Module { get; }

    public int[] Code { get; }

    /// <summary>Slots the parameters take (a v128 takes two).</summary>
    public int ParamCount { get; }

    /// <summary>Slots the results take (a v128 takes two).</summary>
    public int ResultCount { get; }

    /// <summary>Parameters plus declared locals: the frame's first slots.</summary>
    public int LocalCount { get; }

    /// <summary>Slots the frame needs: locals plus the deepest operand stack.</summary>
    public int FrameSize { get; }

    /// <summary>Where a paused frame of this function can stand.</summary>
    public ResumePositions ResumePositions => _shared.ResumePositions;

    /// <summary>The CIL-compiled body, once some activation was hot (null until then).</summary>
    public CompiledBody? Body => _shared.Body;

    /// <summary>The function stays in the interpreter.</summary>
    public bool TierDisabled => _shared.TierDisabled;

    public CompiledBody CompileBody() => _shared.CompileBody(Function.DisplayName, Module, ParamCount);

    public void DisableBody() => _shared.DisableBody();

    /// <summary>The compiled function of <paramref name="function"/>, made on first use; safe from several threads.</summary>
    public static CompiledFunction Of(WasmFunction function)
    {
        if (function.Compiled is { } compiled)
        {
            return compiled;
        }

        lock (function)
        {
            return function.Compiled ??= new CompiledFunction(function, FunctionCode.Of(function));
        }
    }
}
