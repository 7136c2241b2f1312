using System.Runtime.CompilerServices;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Validation;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// The compiled form of one function body: its internal code and, once hot, its CIL body. It depends only on the
/// module, so every instance of a module (every fork of a snapshot) shares it.
/// </summary>
internal sealed class FunctionCode
{
    private static readonly ConditionalWeakTable<FunctionBody, FunctionCode> Cache = [];
    private ResumePositions? _resumePositions;

    public FunctionCode(int[] code, int localCount, int frameSize)
    {
        Code = code;
        LocalCount = localCount;
        FrameSize = frameSize;
    }

    public int[] Code { get; }

    public int LocalCount { get; }

    public int FrameSize { get; }

    /// <summary>Where a paused frame of this function can stand; computed on first use (only restores need it).</summary>
    public ResumePositions ResumePositions => LazyInitializer.EnsureInitialized(ref _resumePositions, () => ResumePositions.Of(Code));

    /// <summary>The CIL-compiled body, once some activation was hot (null until then).</summary>
    public CompiledBody? Body { get; private set; }

    /// <summary>The function stays in the interpreter (it does not suit the CIL tier, or that tier failed on it).</summary>
    public bool TierDisabled { get; private set; }

    /// <summary>
    /// The code of <paramref name="function"/>'s body, compiled on first use after the body is validated (it may not
    /// have been yet: <see cref="ModuleValidator.ValidateExceptBodies"/>); safe from several threads.
    /// </summary>
    public static FunctionCode Of(WasmFunction function) => Cache.GetValue(function.Body, _ =>
    {
        ModuleValidator.EnsureBodyValid(function.Module.Module, function.Index, function.Body);
        return FunctionCompiler.Compile(function);
    });

    /// <summary>
    /// Compiles the body to CIL once; safe to call from several threads. <paramref name="module"/> is any instance of
    /// the module (the compiler only reads the types of the functions the body calls).
    /// </summary>
    public CompiledBody CompileBody(string name, ModuleInstance module, int paramCount)
    {
        if (Body is { } body)
        {
            return body;
        }

        lock (this)
        {
            if (Body is null)
            {
                Body = IlCompiler.Compile(this, name, module, paramCount);
                Tiering.CountCompiledBody();
            }

            return Body;
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
}
