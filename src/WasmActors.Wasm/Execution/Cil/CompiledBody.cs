using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>What a compiled body asks its machine to do when it stops.</summary>
internal enum BodyExit
{
    /// <summary>The function returned; its results are in the frame's first slots.</summary>
    Return,

    /// <summary>A checkpoint found fuel exhausted or a pause requested; the frame continues at <c>pc</c>.</summary>
    Pause,

    /// <summary>
    /// A call needs the machine's loop (its callee is interpreted, or compiled frames already nest as deep as allowed):
    /// the machine's frames are complete and the innermost one runs next; this frame continues at <c>pc</c>.
    /// </summary>
    Unwind,
}

/// <summary>
/// A function body compiled to CIL. It runs one frame of the internal code over the same slots as the interpreter,
/// from any resume point (function entry, branch target or call return) to its return or a pause. Calls of compiled
/// functions run their bodies directly (see <see cref="Machine"/>'s <c>CallFromBody</c>), nested on the CLR stack up to a
/// bound; a pause, or a call the machine must make, unwinds every nested body into the machine's explicit frames.
/// </summary>
/// <remarks><paramref name="resumeIndex"/> is <see cref="CompiledBody.FreshEntry"/> for a call, whose frame holds only its arguments.</remarks>
internal delegate BodyExit CompiledBodyDelegate(Machine machine, ref ulong frame, ModuleInstance module, MemoryInstance? memory, int resumeIndex, ref long fuel, ref int pc);

/// <summary>A compiled body and the map from code positions to its resume points.</summary>
internal sealed class CompiledBody
{
    /// <summary>The resume index of a call: the frame holds the arguments and nothing else (its locals are zero).</summary>
    public const int FreshEntry = -1;

    public CompiledBody(CompiledBodyDelegate run, int[] resumeIndex)
    {
        Run = run;
        ResumeIndex = resumeIndex;
    }

    public CompiledBodyDelegate Run { get; }

    /// <summary>For each code position, its index among the resume points, or -1 where a frame can never stop.</summary>
    public int[] ResumeIndex { get; }

    /// <summary>
    /// The body ran once without the JIT rejecting it (it compiles a body on its first call and rejects it then or
    /// never): later nested runs need no handler for that. Unsynchronised: a stale false only costs the guarded path.
    /// </summary>
    public bool HasRun { get; set; }
}
