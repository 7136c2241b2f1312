using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>
/// <see cref="Machine.Restore"/> checks operand-stack slots by the kind of value a run leaves in them at the frame's
/// position: a slot that can only hold a funcref must hold null or name a function of the store, in the innermost frame
/// and in the frames waiting on a call; slots that hold numbers take any bits.
/// </summary>
public sealed class SlotKindRestoreTests
{
    [Fact]
    public void EveryRealPauseIsAcceptedAndEndsAsAnUninterruptedRun()
    {
        var (store, run, _) = Fixture();
        Assert.Equal(42UL, Executor.Invoke(store, run, [])[0]);
        var nested = 0;
        for (var fuel = 0; TryPause(store, run, fuel, out var frames, out var stack); fuel++)
        {
            nested += frames.Length > 1 ? 1 : 0;
            var machine = new Machine(store);
            machine.Restore(frames, stack);
            Assert.Equal(RunStatus.Completed, machine.Run());
            Assert.Equal(42UL, machine.Results[0]);
        }

        Assert.True(nested > 20, $"only {nested} pauses inside the callee");
    }

    [Fact]
    public void AFuncrefHeldByACallerAcrossACallMustNameAFunction()
    {
        var (store, run, answer) = Fixture();
        var (frames, stack) = Pause(store, run, 10);
        Assert.Equal(2, frames.Length);
        var slot = Array.IndexOf(stack, RefValue.FromFunction(answer), frames[0].StackBase, frames[1].StackBase - frames[0].StackBase);
        Assert.True(slot >= 0, "the caller holds the funcref on its operand stack during the call");

        foreach (var garbage in new[] { (ulong)store.Functions.Count + 1, ulong.MaxValue, 1UL << 40, 0x8000_0000UL })
        {
            var bad = (ulong[])stack.Clone();
            bad[slot] = garbage;
            var machine = new Machine(store);
            var error = Assert.Throws<WasmRestoreException>(() => machine.Restore(frames, bad));
            Assert.Equal(0, error.FrameIndex);
            Assert.Contains("operand slot", error.Message, StringComparison.Ordinal);
            Assert.Equal(MachineState.Idle, machine.State);
        }

        // Another function of the store is a value a run could hold there: accepted, and call_indirect checks its type.
        var other = (ulong[])stack.Clone();
        other[slot] = RefValue.FromFunction(frames[1].Function);
        var accepted = new Machine(store);
        accepted.Restore(frames, other);
        Assert.Equal(TrapMessages.IndirectCallTypeMismatch, Assert.Throws<WasmTrapException>(() => accepted.Run()).Reason);

        var cleared = (ulong[])stack.Clone();
        cleared[slot] = RefValue.Null;
        var nulled = new Machine(store);
        nulled.Restore(frames, cleared);
        Assert.Equal(TrapMessages.UninitializedElement, Assert.Throws<WasmTrapException>(() => nulled.Run()).Reason);
    }

    [Fact]
    public void NumberSlotsTakeAnyBits()
    {
        var (store, run, answer) = Fixture();
        var (frames, stack) = Pause(store, run, 10);
        var funcRefSlot = Array.IndexOf(stack, RefValue.FromFunction(answer));
        var changed = 0;
        foreach (var garbage in new[] { ulong.MaxValue, 0xFFFF_FFFF_0000_0001, (ulong)store.Functions.Count + 7 })
        {
            for (var slot = 0; slot < stack.Length; slot++)
            {
                // The callee's counter and argument, and the caller's slots that hold numbers or nothing yet.
                if (slot == funcRefSlot)
                {
                    continue;
                }

                var mutated = (ulong[])stack.Clone();
                mutated[slot] = garbage;
                var machine = new Machine(store);
                machine.Restore(frames, mutated);
                machine.Fuel = 10_000;
                try
                {
                    machine.Run();
                }
                catch (WasmTrapException)
                {
                    // A number changed by hand may well send the program somewhere that traps: a defined outcome.
                }

                changed++;
            }
        }

        Assert.True(changed >= 6, $"{changed} mutations restored");
    }

    [Fact]
    public void AV128LocalTakesTwoSlotsAndAFuncrefLocalAfterItIsChecked()
    {
        // count(n) with locals v128 (slots 1 and 2), funcref (slot 3) and the counter (slot 4).
        var store = new Store();
        var count = (WasmFunction)Instantiate(
            Build(
                [I32ToI32],
                ("count", 0, [ValType.V128, ValType.FuncRef, ValType.I32], [
                    Block(Opcode.Loop),
                        Get(3), I32(1), Op(Opcode.I32Add), Set(3),
                        Get(3), Get(0), Op(Opcode.I32LtU), Op(Opcode.BrIf, 0),
                    Op(Opcode.End),
                    Get(3),
                ])),
            store).GetFunction("count");
        var machine = new Machine(store) { Fuel = 5 };
        machine.Start(count, [40]);
        Assert.Equal(RunStatus.Paused, machine.Run());
        var frames = new[] { machine.GetFrame(0) };
        var stack = machine.Stack.ToArray();

        var bad = (ulong[])stack.Clone();
        bad[3] = ulong.MaxValue;
        var error = Assert.Throws<WasmRestoreException>(() => new Machine(store).Restore(frames, bad));
        Assert.Contains("local 3", error.Message, StringComparison.Ordinal);

        var vector = (ulong[])stack.Clone();
        vector[1] = ulong.MaxValue;
        vector[2] = ulong.MaxValue;
        var restored = new Machine(store);
        restored.Restore(frames, vector);
        Assert.Equal(RunStatus.Completed, restored.Run());
        Assert.Equal(40UL, restored.Results[0]);
    }

    /// <summary>
    /// run(): pushes a table index and ref.func answer, then calls spin(30) (a loop: a checkpoint per iteration) with both
    /// still on its operand stack, then stores the reference in the table and calls it indirectly (answer returns 42).
    /// </summary>
    private static (Store Store, WasmFunction Run, FunctionInstance Answer) Fixture()
    {
        var module = Build(
            [I32ToI32, VoidToI32],
            ("spin", 0, [ValType.I32], [
                Block(Opcode.Loop),
                    Get(1), I32(1), Op(Opcode.I32Add), Set(1),
                    Get(1), Get(0), Op(Opcode.I32LtU), Op(Opcode.BrIf, 0),
                Op(Opcode.End),
                Get(1),
            ]),
            ("answer", 1, [], [I32(42)]),
            ("run", 1, [], [
                I32(0), Op(Opcode.RefFunc, 1),
                I32(30), Op(Opcode.Call, 0), Op(Opcode.Drop),
                Op(Opcode.TableSet, 0),
                I32(0), Op(Opcode.CallIndirect, 1, 0),
            ]));
        module.Tables.Add(new TableType(ValType.FuncRef, new Limits(1, 1)));
        module.Elements.Add(new ElementSegment(SegmentMode.Declarative, 0, null, ValType.FuncRef, [new ConstExpr([Op(Opcode.RefFunc, 1), Op(Opcode.End)])]));
        var store = new Store();
        var instance = Instantiate(module, store);
        return (store, (WasmFunction)instance.GetFunction("run"), instance.GetFunction("answer"));
    }

    private static (MachineFrame[] Frames, ulong[] Stack) Pause(Store store, FunctionInstance run, int fuel)
    {
        Assert.True(TryPause(store, run, fuel, out var frames, out var stack), $"the run ends before {fuel} checkpoints");
        return (frames, stack);
    }

    private static bool TryPause(Store store, FunctionInstance run, int fuel, out MachineFrame[] frames, out ulong[] stack)
    {
        var machine = new Machine(store) { Fuel = fuel };
        machine.Start(run, []);
        var paused = machine.Run() == RunStatus.Paused;
        frames = Enumerable.Range(0, machine.FrameCount).Select(machine.GetFrame).ToArray();
        stack = paused ? machine.Stack.ToArray() : [];
        return paused;
    }
}
