using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>
/// <see cref="Machine.Restore"/> takes state from snapshots, which may be hostile: anything a run could not have
/// paused in is refused with <see cref="WasmRestoreException"/> before an instruction runs, and whatever it accepts
/// runs to a result, a pause or a trap, never to another exception.
/// </summary>
public sealed class RestoreValidationTests
{
    private static readonly FuncType FuncRefLoopType = new([ValType.I32], [ValType.I32]);

    [Fact]
    public void EveryRealPauseOfFibIsAccepted()
    {
        var (store, fib, _) = Fixture();
        for (var budget = 1; budget <= 120; budget++)
        {
            var (frames, stack) = PausedFib(store, fib, budget);
            var machine = new Machine(store);
            machine.Restore(frames, stack);
            Assert.Equal(RunStatus.Completed, machine.Run());
            Assert.Equal((uint)FibReference(10), (uint)machine.Results[0]);
        }
    }

    [Fact]
    public void PcInsideAnInstructionOrPastTheEndIsRefused()
    {
        var (store, fib, _) = Fixture();
        var (frames, stack) = DeepPause(store, fib);
        var code = CompiledFunction.Of(fib).Code;
        for (var i = 0; i < frames.Length; i++)
        {
            foreach (var pc in new[] { frames[i].Pc + 1, frames[i].Pc - 1, code.Length, code.Length + 5, -1, int.MaxValue, int.MinValue })
            {
                var mutated = (MachineFrame[])frames.Clone();
                mutated[i] = mutated[i] with { Pc = pc };
                AssertRefused(store, mutated, stack);
            }
        }
    }

    [Fact]
    public void OuterFramesMustWaitOnACall()
    {
        var (store, fib, _) = Fixture();
        var (frames, stack) = DeepPause(store, fib);

        // The entry is a valid position for the innermost frame only: a caller at pc 0 is not waiting on a call.
        var mutated = (MachineFrame[])frames.Clone();
        mutated[0] = mutated[0] with { Pc = 0 };
        var error = AssertRefused(store, mutated, stack);
        Assert.Equal(0, error.FrameIndex);
    }

    [Fact]
    public void FrameOfAnotherFunctionOrStoreIsRefused()
    {
        var (store, fib, checksum) = Fixture();
        var (frames, stack) = DeepPause(store, fib);
        var foreign = (WasmFunction)Instantiate(Fib(), new Store()).GetFunction("fib");
        foreach (var replacement in new[] { checksum, foreign })
        {
            for (var i = 0; i < frames.Length; i++)
            {
                var mutated = (MachineFrame[])frames.Clone();
                mutated[i] = mutated[i] with { Function = replacement };
                AssertRefused(store, mutated, stack);
            }
        }

        var missing = (MachineFrame[])frames.Clone();
        missing[0] = missing[0] with { Function = null! };
        AssertRefused(store, missing, stack);
    }

    [Fact]
    public void BasesThatDoNotFollowTheCallsAreRefused()
    {
        var (store, fib, _) = Fixture();
        var (frames, stack) = DeepPause(store, fib);
        for (var i = 0; i < frames.Length; i++)
        {
            foreach (var delta in new[] { 1, -1, stack.Length, 1 << 30, int.MinValue })
            {
                var mutated = (MachineFrame[])frames.Clone();
                mutated[i] = mutated[i] with { StackBase = unchecked(mutated[i].StackBase + delta) };
                AssertRefused(store, mutated, stack);
            }
        }
    }

    [Fact]
    public void StackThatDoesNotMatchTheFramesIsRefused()
    {
        var (store, fib, _) = Fixture();
        var (frames, stack) = DeepPause(store, fib);
        AssertRefused(store, frames, [.. stack, 0UL]);
        AssertRefused(store, frames, stack[..^1]);
        AssertRefused(store, frames, []);
    }

    [Fact]
    public void TooManyFramesOrSlotsAreRefused()
    {
        var (store, fib, _) = Fixture();
        var (frames, stack) = DeepPause(store, fib);
        var limited = new Store(new EngineConfig { MaxCallDepth = frames.Length - 1 });
        var limitedFib = (WasmFunction)Instantiate(Fib(), limited).GetFunction("fib");
        var sameShape = frames.Select(f => f with { Function = limitedFib }).ToArray();
        var error = AssertRefused(limited, sameShape, stack);
        Assert.Contains("MaxCallDepth", error.Message, StringComparison.Ordinal);

        var narrow = new Store(new EngineConfig { MaxValueStackSlots = stack.Length - 1 });
        var narrowFib = (WasmFunction)Instantiate(Fib(), narrow).GetFunction("fib");
        error = AssertRefused(narrow, frames.Select(f => f with { Function = narrowFib }).ToArray(), stack);
        Assert.Contains("MaxValueStackSlots", error.Message, StringComparison.Ordinal);

        AssertRefused(store, [.. frames, frames[^1]], stack);
        AssertRefused(store, [], []);
    }

    [Fact]
    public void GarbageFuncrefLocalIsRefusedAndValidOnesAreKept()
    {
        var store = new Store();
        var counter = (WasmFunction)Instantiate(FuncRefLoop(), store).GetFunction("count");
        var machine = new Machine(store) { Fuel = 3 };
        machine.Start(counter, [50]);
        Assert.Equal(RunStatus.Paused, machine.Run());
        var frames = new[] { machine.GetFrame(0) };
        var stack = machine.Stack.ToArray();
        const int funcRefSlot = 1;

        foreach (var garbage in new[] { (ulong)store.Functions.Count + 1, ulong.MaxValue, 1UL << 40 })
        {
            var bad = (ulong[])stack.Clone();
            bad[funcRefSlot] = garbage;
            var error = AssertRefused(store, frames, bad);
            Assert.Contains("funcref", error.Message, StringComparison.Ordinal);
        }

        var good = (ulong[])stack.Clone();
        good[funcRefSlot] = RefValue.FromFunction(counter);
        var restored = new Machine(store);
        restored.Restore(frames, good);
        Assert.Equal(RunStatus.Completed, restored.Run());
        Assert.Equal(50UL, restored.Results[0]);
    }

    [Fact]
    public void GarbageFuncrefOnTheOperandStackIsRefused()
    {
        // The slot kinds at the pause say this operand slot can only hold a funcref: garbage there is refused before
        // it could reach a table (where call_indirect would still trap on it).
        var store = new Store();
        var instance = Instantiate(IndirectAfterLoop(), store);
        var run = (WasmFunction)instance.GetFunction("run");
        var answer = instance.GetFunction("answer");
        Assert.Equal(42UL, Executor.Invoke(store, run, [5])[0]);

        var machine = new Machine(store) { Fuel = 2 };
        machine.Start(run, [5]);
        Assert.Equal(RunStatus.Paused, machine.Run());
        var frames = new[] { machine.GetFrame(0) };
        var stack = machine.Stack.ToArray();
        var refSlot = Array.IndexOf(stack, RefValue.FromFunction(answer), 2);
        Assert.True(refSlot >= 2, "the funcref is on the operand stack at the pause");

        foreach (var garbage in new[] { (ulong)store.Functions.Count + 1, ulong.MaxValue, 1UL << 33 })
        {
            var bad = (ulong[])stack.Clone();
            bad[refSlot] = garbage;
            var error = AssertRefused(store, frames, bad);
            Assert.Contains("operand slot", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void RandomMutationsAreRefusedTrapOrRun()
    {
        var (store, fib, checksum) = Fixture();
        var random = new Random(20261125);
        var pauses = new List<(MachineFrame[] Frames, ulong[] Stack)>();
        for (var budget = 1; budget <= 60; budget += 3)
        {
            pauses.Add(PausedFib(store, fib, budget));
        }

        var loop = new Machine(store) { Fuel = 25 };
        loop.Start(checksum, [1000]);
        Assert.Equal(RunStatus.Paused, loop.Run());
        pauses.Add(([loop.GetFrame(0)], loop.Stack.ToArray()));

        var functions = new[] { fib, checksum };
        int refused = 0, trapped = 0, ran = 0;
        for (var round = 0; round < 3000; round++)
        {
            var (original, originalStack) = pauses[random.Next(pauses.Count)];
            var frames = (MachineFrame[])original.Clone();
            var stack = (ulong[])originalStack.Clone();
            for (var edits = random.Next(1, 4); edits > 0; edits--)
            {
                Mutate(random, functions, ref frames, ref stack);
            }

            var machine = new Machine(store);
            try
            {
                machine.Restore(frames, stack);
            }
            catch (WasmRestoreException)
            {
                refused++;
                continue;
            }

            machine.Fuel = 2000;
            try
            {
                machine.Run();
                ran++;
            }
            catch (WasmTrapException)
            {
                trapped++;
            }
        }

        // Every outcome was one of the three (any other exception fails the test); the mix shows all three happen.
        Assert.True(refused > 0 && ran > 0, $"refused {refused}, trapped {trapped}, ran {ran}");
    }

    private static void Mutate(Random random, WasmFunction[] functions, ref MachineFrame[] frames, ref ulong[] stack)
    {
        var i = random.Next(frames.Length);
        switch (random.Next(8))
        {
            case 0:
                frames[i] = frames[i] with { Pc = frames[i].Pc + random.Next(-4, 5) };
                break;
            case 1:
                frames[i] = frames[i] with { Pc = random.Next(-2, 200) };
                break;
            case 2:
                frames[i] = frames[i] with { StackBase = frames[i].StackBase + random.Next(-3, 4) };
                break;
            case 3:
                frames[i] = frames[i] with { Function = functions[random.Next(functions.Length)] };
                break;
            case 4:
                frames = random.Next(2) == 0 && frames.Length > 1 ? frames[..^1] : [.. frames, frames[i]];
                break;
            case 5:
                stack = random.Next(2) == 0 && stack.Length > 0 ? stack[..^1] : [.. stack, (ulong)random.NextInt64()];
                break;
            default:
                if (stack.Length > 0)
                {
                    // Slot values: small numbers, sign bits, all ones, and anything.
                    ulong[] interesting = [0, 1, 2, 0x8000_0000, 0xFFFF_FFFF, ulong.MaxValue, (ulong)random.NextInt64()];
                    stack[random.Next(stack.Length)] = interesting[random.Next(interesting.Length)];
                }

                break;
        }
    }

    private static WasmRestoreException AssertRefused(Store store, MachineFrame[] frames, ulong[] stack)
    {
        var machine = new Machine(store);
        var error = Assert.Throws<WasmRestoreException>(() => machine.Restore(frames, stack));
        Assert.Equal(MachineState.Idle, machine.State);
        return error;
    }

    private static (Store Store, WasmFunction Fib, WasmFunction Checksum) Fixture()
    {
        var store = new Store();
        var fib = (WasmFunction)Instantiate(Fib(), store).GetFunction("fib");
        var checksum = (WasmFunction)Instantiate(Checksum(), store).GetFunction("checksum");
        return (store, fib, checksum);
    }

    private static (MachineFrame[] Frames, ulong[] Stack) PausedFib(Store store, FunctionInstance fib, int budget)
    {
        var machine = new Machine(store) { Fuel = budget };
        machine.Start(fib, [10]);
        Assert.Equal(RunStatus.Paused, machine.Run());
        return (Enumerable.Range(0, machine.FrameCount).Select(machine.GetFrame).ToArray(), machine.Stack.ToArray());
    }

    /// <summary>A pause several calls deep, so that every kind of frame (outermost, middle, innermost) is there.</summary>
    private static (MachineFrame[] Frames, ulong[] Stack) DeepPause(Store store, FunctionInstance fib)
    {
        var pause = PausedFib(store, fib, 9);
        Assert.True(pause.Frames.Length >= 3, $"only {pause.Frames.Length} frames");
        return pause;
    }

    /// <summary>count(n): counts to n in a loop (a checkpoint per iteration), with a funcref local it never uses.</summary>
    private static Module FuncRefLoop() => Build(
        [FuncRefLoopType],
        ("count", 0, [ValType.FuncRef, ValType.I32], [
            Block(Opcode.Loop),
                Get(2), I32(1), Op(Opcode.I32Add), Set(2),
                Get(2), Get(0), Op(Opcode.I32LtU), Op(Opcode.BrIf, 0),
            Op(Opcode.End),
            Get(2),
        ]));

    /// <summary>
    /// run(n): pushes a table index and ref.func answer, counts to n in a loop with both still on the operand stack,
    /// then stores the reference in the table and calls it indirectly (answer returns 42).
    /// </summary>
    private static Module IndirectAfterLoop()
    {
        var module = Build(
            [FuncRefLoopType, VoidToI32],
            ("run", 0, [ValType.I32], [
                I32(0), Op(Opcode.RefFunc, 1),
                Block(Opcode.Loop),
                    Get(1), I32(1), Op(Opcode.I32Add), Set(1),
                    Get(1), Get(0), Op(Opcode.I32LtU), Op(Opcode.BrIf, 0),
                Op(Opcode.End),
                Op(Opcode.TableSet, 0),
                I32(0), Op(Opcode.CallIndirect, 1, 0),
            ]),
            ("answer", 1, [], [I32(42)]));
        module.Tables.Add(new TableType(ValType.FuncRef, new Limits(1, 1)));
        module.Elements.Add(new ElementSegment(SegmentMode.Declarative, 0, null, ValType.FuncRef, [new ConstExpr([Op(Opcode.RefFunc, 1), Op(Opcode.End)])]));
        return module;
    }
}
