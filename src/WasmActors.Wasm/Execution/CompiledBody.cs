using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>What a compiled body asks its machine to do when it stops.</summary>
internal enum BodyExit
{
    /// <summary>The function returned; its results are in the frame's first slots.</summary>
    Return,

    /// <summary>Call the function the body stored in the machine; resume the body at <c>pc</c> afterwards.</summary>
    Call,

    /// <summary>A checkpoint found fuel exhausted or a pause requested; the frame continues at <c>pc</c>.</summary>
    Pause,
}

/// <summary>
/// A function body compiled to CIL. It runs one frame of the internal code over the same slots as the interpreter,
/// from any resume point (function entry, branch target or call return) to the next call, return or pause; calls go
/// back through the machine, so wasm calls never nest on the CLR stack.
/// </summary>
internal delegate BodyExit CompiledBodyDelegate(Machine machine, ref ulong frame, ModuleInstance module, MemoryInstance? memory, int resumeIndex, ref long fuel, ref int pc);

/// <summary>A compiled body and the map from code positions to its resume points.</summary>
internal sealed class CompiledBody
{
    public CompiledBody(CompiledBodyDelegate run, int[] resumeIndex)
    {
        Run = run;
        ResumeIndex = resumeIndex;
    }

    public CompiledBodyDelegate Run { get; }

    /// <summary>For each code position, its index among the resume points, or -1 where a frame can never stop.</summary>
    public int[] ResumeIndex { get; }
}
