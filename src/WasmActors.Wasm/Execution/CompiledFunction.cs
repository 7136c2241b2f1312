using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// A function in the engine's internal code (see <see cref="Op"/>). A deterministic function of the module bytes:
/// a paused machine's positions (<see cref="MachineFrame.Pc"/>) index into <see cref="Code"/>.
/// </summary>
internal sealed class CompiledFunction
{
    public CompiledFunction(WasmFunction function, int[] code, int localCount, int frameSize)
    {
        Function = function;
        Module = function.Module;
        Code = code;
        ParamCount = function.Type.Parameters.Length;
        ResultCount = function.Type.Results.Length;
        LocalCount = localCount;
        FrameSize = frameSize;
    }

    public WasmFunction Function { get; }

    public ModuleInstance Module { get; }

    public int[] Code { get; }

    public int ParamCount { get; }

    public int ResultCount { get; }

    /// <summary>Parameters plus declared locals: the frame's first slots.</summary>
    public int LocalCount { get; }

    /// <summary>Slots the frame needs: locals plus the deepest operand stack.</summary>
    public int FrameSize { get; }

    /// <summary>The CIL-compiled body, once the function is hot (null until then).</summary>
    public CompiledBody? Body { get; private set; }

    /// <summary>The function stays in the interpreter (it does not suit the CIL tier, or that tier failed on it).</summary>
    public bool TierDisabled { get; private set; }

    /// <summary>Compiles the body to CIL once; safe to call from several threads.</summary>
    public CompiledBody CompileBody()
    {
        if (Body is { } body)
        {
            return body;
        }

        lock (this)
        {
            return Body ??= IlCompiler.Compile(this);
        }
    }

    /// <summary>Keeps this function in the interpreter for good.</summary>
    public void DisableBody()
    {
        lock (this)
        {
            Body = null;
            TierDisabled = true;
        }
    }

    /// <summary>Compiles <paramref name="function"/> on first use; safe to call from several threads.</summary>
    public static CompiledFunction Of(WasmFunction function)
    {
        if (function.Compiled is { } compiled)
        {
            return compiled;
        }

        lock (function)
        {
            return function.Compiled ??= FunctionCompiler.Compile(function);
        }
    }
}
