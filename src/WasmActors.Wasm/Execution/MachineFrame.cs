using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// One wasm call frame of a paused machine. <see cref="Pc"/> is a position in the function's internal code (a
/// deterministic function of the module bytes): for the innermost frame the next instruction to run, for the
/// others the instruction after their call. <see cref="StackBase"/> is the index in <see cref="Machine.Stack"/> of
/// the frame's slot 0: its parameters, then its declared locals, then its operand stack.
/// </summary>
public readonly record struct MachineFrame(WasmFunction Function, int Pc, int StackBase);
