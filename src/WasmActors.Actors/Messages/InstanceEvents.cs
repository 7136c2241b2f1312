namespace WasmActors.Actors.Messages;

// The instance → owner protocol: what the owner named at deploy (or fork) hears from its program, with no request
// of its own. Output comes numbered, in order, across migrations; then exactly one ending: InstanceExited,
// InstanceTrapped or InstanceStopped. InstanceLost and RunNodeLost come from the owner's own DeathWatch (a
// ProgramOutput, Orchestration/RunNodeWatcher) when the run node itself is gone.

/// <summary>
/// Bytes a program wrote to stdout (<paramref name="Fd"/> 1) or stderr (2), in order: <paramref name="Sequence"/>
/// counts the program's writes from its first start, across migrations, so an owner can tell a gap or a repeat.
/// </summary>
public sealed record InstanceOutput(string InstanceId, int Fd, long Sequence, byte[] Data) : IWasmActorsMessage;

/// <summary>The program returned from _start or called proc_exit; <paramref name="PageFaults"/> its memories took in this instance.</summary>
public sealed record InstanceExited(string InstanceId, int ExitCode, long PageFaults) : IWasmActorsMessage;

/// <summary>The program trapped (or could not start); <paramref name="Message"/> is the trap message.</summary>
public sealed record InstanceTrapped(string InstanceId, string Message) : IWasmActorsMessage;

/// <summary>The instance was stopped on request (e.g. after its migration): nothing more will come from it.</summary>
public sealed record InstanceStopped(string InstanceId, string? MovedTo) : IWasmActorsMessage;

/// <summary>A run node the orchestrator watched is gone (its address); its instances are lost with it.</summary>
public sealed record RunNodeLost(string Address) : IWasmActorsMessage;

/// <summary>
/// The run node <paramref name="Node"/> holding the instance is gone (the owner's own DeathWatch saw it), so the
/// instance ended with it, its last output unknown.
/// </summary>
public sealed record InstanceLost(string InstanceId, string Node) : IWasmActorsMessage;
