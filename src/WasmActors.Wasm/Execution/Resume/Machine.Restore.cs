using WasmActors.Wasm.Runtime;

namespace WasmActors.Wasm.Execution;

/// <summary>
/// Rebuilding a paused machine from saved state, which may come from an untrusted snapshot: everything is checked
/// against the store and the compiled code before the machine accepts it, so hostile state is refused with a
/// <see cref="WasmRestoreException"/> instead of sending the interpreter into the middle of an instruction.
/// </summary>
public sealed partial class Machine
{
    /// <summary>
    /// Rebuilds a paused machine from saved state (see the layout in the class summary): frames outermost first and
    /// the used stack. The machine is then <see cref="MachineState.Ready"/>; fuel is unlimited until set.
    /// Throws <see cref="WasmRestoreException"/>, leaving the machine as it was, unless the state is one a run of this
    /// store could have paused in: every function is a wasm function of this store; the innermost pc is the entry, a
    /// branch target or a call's return site, and every outer pc is the return site of a call to the next frame's
    /// function, whose frame starts where that call puts it; the frames fit <see cref="EngineConfig.MaxCallDepth"/>
    /// and <see cref="EngineConfig.MaxValueStackSlots"/>; the stack ends exactly where the innermost frame does; every
    /// frame's position is one a run reaches; and every slot where a run of this code can only hold a funcref (funcref
    /// parameters and locals, and operand-stack slots by their kind at that position, see <see cref="SlotKindMap"/>)
    /// holds null or names a function of the store. Other slots hold numbers or externrefs, for which every bit
    /// pattern is valid.
    /// </summary>
    internal void Restore(IReadOnlyList<MachineFrame> frames, ReadOnlySpan<ulong> stack)
    {
        if (State == MachineState.Running)
        {
            throw new InvalidOperationException("the machine is running");
        }

        var restored = ValidateFrames(frames);
        var innermost = restored[frames.Count - 1];
        var used = innermost.StackBase + innermost.Function.FrameSize;
        if (stack.Length != used)
        {
            throw new WasmRestoreException($"the stack has {stack.Length} slots; the frames use {used}");
        }

        ValidateSlots(restored, frames.Count, stack);

        // Outer frames may use more slots than the innermost one once they resume: room for all of them now.
        var needed = 0;
        for (var i = 0; i < frames.Count; i++)
        {
            needed = Math.Max(needed, restored[i].StackBase + restored[i].Function.FrameSize);
        }

        EnsureStack(needed);
        stack.CopyTo(_stack);
        _frames = restored;
        _depth = frames.Count;
        _entryType = frames[0].Function.Type;
        _hostEntry = null;
        _results = [];
        _fuelLimited = false;
        _fuel = long.MaxValue;
        PauseReason = PauseReason.None;
        State = MachineState.Ready;
    }

    private Frame[] ValidateFrames(IReadOnlyList<MachineFrame> frames)
    {
        if (frames is null || frames.Count == 0 || frames.Count > _maxCallDepth)
        {
            throw new WasmRestoreException($"a paused machine has between 1 and {_maxCallDepth} (MaxCallDepth) frames, not {frames?.Count ?? 0}");
        }

        var restored = new Frame[Math.Max(InitialFrames, frames.Count)];
        for (var i = 0; i < frames.Count; i++)
        {
            var frame = frames[i];
            var compiled = CompiledFunction.Of(FunctionOfStore(frame.Function, i));
            var positions = compiled.ResumePositions;
            var innermost = i == frames.Count - 1;
            if (innermost ? !positions.IsResumable(frame.Pc) : positions.CallBefore(frame.Pc) < 0)
            {
                var expected = innermost ? "an entry, a branch target or a call's return site" : "a call's return site";
                throw new WasmRestoreException($"pc {frame.Pc} of {compiled.Function.DisplayName} is not {expected}", i);
            }

            var expectedBase = i == 0 ? 0 : CalleeBase(restored[i - 1], compiled, i);
            if (frame.StackBase != expectedBase)
            {
                throw new WasmRestoreException($"the frame starts at slot {frame.StackBase}, but its caller placed it at {expectedBase}", i);
            }

            if ((long)frame.StackBase + compiled.FrameSize > _maxStackSlots)
            {
                throw new WasmRestoreException($"the frame ends beyond {_maxStackSlots} (MaxValueStackSlots) slots", i);
            }

            restored[i] = new Frame(compiled, frame.StackBase, frame.Pc);
        }

        return restored;
    }

    /// <summary>The function itself, if it is a wasm function of this store (not of another store, not a copy).</summary>
    private WasmFunction FunctionOfStore(WasmFunction? function, int frameIndex)
    {
        var functions = _store.Functions;
        if (function is null || function.Address < 0 || function.Address >= functions.Count || !ReferenceEquals(functions[function.Address], function))
        {
            throw new WasmRestoreException($"the frame's function {function?.DisplayName ?? "(none)"} is not a function of this store", frameIndex);
        }

        return function;
    }

    /// <summary>
    /// Where the call the caller waits on puts its callee's frame, after checking that <paramref name="callee"/> is what
    /// that call calls: the very function for a direct call, a function of the expected type for call_indirect.
    /// </summary>
    private static int CalleeBase(in Frame caller, CompiledFunction callee, int frameIndex)
    {
        var code = caller.Function.Code;
        var call = caller.Function.ResumePositions.CallBefore(caller.Pc);
        if ((Op)code[call] == Op.Call)
        {
            if (!ReferenceEquals(caller.Function.Module.Functions[code[call + 1]], callee.Function))
            {
                throw new WasmRestoreException($"{caller.Function.Function.DisplayName} does not call {callee.Function.DisplayName} at pc {call}", frameIndex);
            }

            return caller.StackBase + code[call + 2];
        }

        var expected = caller.Function.Module.Types[code[call + 1]];
        if (!expected.Equals(callee.Function.Type))
        {
            throw new WasmRestoreException($"the indirect call at pc {call} of {caller.Function.Function.DisplayName} cannot call {callee.Function.DisplayName}: its type differs", frameIndex);
        }

        return caller.StackBase + code[call + 3];
    }

    /// <summary>
    /// Checks each frame's slots against their kinds at its position: a slot only a funcref (or null) can be in must
    /// hold null or name a function of the store; so must a slot every run left zero. An outer frame's slots end where
    /// its callee's frame begins. The kinds are computed on the first restore of each function, never while running.
    /// </summary>
    private void ValidateSlots(Frame[] frames, int count, ReadOnlySpan<ulong> stack)
    {
        for (var i = 0; i < count; i++)
        {
            var frame = frames[i];
            var function = frame.Function;
            var map = function.ResumePositions.SlotKinds(function);
            for (var slot = 0; slot < map.Locals.Length; slot++)
            {
                CheckSlot(map.Locals[slot], stack[frame.StackBase + slot], frame, slot, i);
            }

            if (!map.HasOperandKinds)
            {
                continue;
            }

            if (!map.TryGetOperands(frame.Pc, out var kinds))
            {
                throw new WasmRestoreException($"no run of {function.Function.DisplayName} reaches pc {frame.Pc}", i);
            }

            var end = i == count - 1 ? function.FrameSize : Math.Min(frames[i + 1].StackBase - frame.StackBase, function.FrameSize);
            for (var slot = function.LocalCount; slot < end; slot++)
            {
                CheckSlot((SlotKind)kinds[slot - function.LocalCount], stack[frame.StackBase + slot], frame, slot, i);
            }
        }
    }

    private void CheckSlot(SlotKind kind, ulong value, in Frame frame, int slot, int frameIndex)
    {
        if (kind == SlotKind.Any || value == RefValue.Null || value - 1 < (ulong)_store.Functions.Count)
        {
            return;
        }

        var what = slot < frame.Function.LocalCount ? $"local {slot}" : $"operand slot {slot - frame.Function.LocalCount}";
        var expected = kind == SlotKind.Zero ? "only 0" : "only a funcref";
        throw new WasmRestoreException(
            $"{what} of {frame.Function.Function.DisplayName} at pc {frame.Pc} holds 0x{value:x}: a run leaves {expected} there, and it names no function of the store",
            frameIndex);
    }
}
