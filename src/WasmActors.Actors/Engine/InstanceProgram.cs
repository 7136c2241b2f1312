using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using WasmActors.Wasm.Wasi;

namespace WasmActors.Actors.Engine;

/// <summary>The standard streams an instance writes to (its owner, through the actor).</summary>
internal sealed record InstanceStreams(Stream StandardOutput, Stream StandardError);

/// <summary>A store and machine ready to run, with the WASI host bound to them.</summary>
internal sealed record PreparedInstance(Store Store, Machine Machine, WasiContext Wasi, long NextOutputSequence);

/// <summary>
/// How an instance comes to life on its engine thread: from a module binary, or from a snapshot. Preparing may
/// block (a restore faults pages in from the memory node), which is why it happens on the engine thread.
/// </summary>
internal abstract class InstanceProgram
{
    public abstract string Name { get; }

    /// <summary>
    /// The run node's bound on instances running guest code at once, which the instance's runner obeys; null for
    /// none. Set by the node before the instance starts.
    /// </summary>
    public RunSlotGate? RunSlots { get; set; }

    /// <summary>The program's open-files limit (its WASI descriptor table's size); set by the node before it starts.</summary>
    public int MaxOpenFiles { get; set; } = WasiConfig.MaxOpenFilesBound;

    public abstract PreparedInstance Prepare(InstanceStreams streams);
}
