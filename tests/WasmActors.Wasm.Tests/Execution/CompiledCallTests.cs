using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>
/// Compiled bodies that call each other directly (nested on the CLR stack): a pause anywhere inside a deep call chain
/// unwinds them into the machine's frames, which must then be exactly the interpreter's, and resuming (in the same
/// machine or one restored from the saved state) must give the uninterrupted result.
/// </summary>
public sealed class CompiledCallTests
{
    /// <summary>
    /// chain(n): a loop of three fib calls, a store into memory, then chain(n - 1) — a call chain n frames deep whose
    /// every level loops and calls. Deeper than <see cref="Machine.MaxNestedBodies"/> for n = <see cref="Depth"/>, so the
    /// run also unwinds where compiled bodies nest too deep.
    /// </summary>
    private static Module Chain()
    {
        const uint n = 0, i = 1, acc = 2;
        var module = Build(
            [I32ToI32],
            FibFunction,
            ("chain", 0, [ValType.I32, ValType.I32], [
                Block(Opcode.Block),
                Block(Opcode.Loop),
                    Get(i), I32(3), Op(Opcode.I32GeU), Op(Opcode.BrIf, 1),
                    Get(acc), I32(31), Op(Opcode.I32Mul),
                    Get(i), I32(5), Op(Opcode.I32Add), Op(Opcode.Call, 0),
                    Op(Opcode.I32Add), Get(n), Op(Opcode.I32Xor), Set(acc),
                    Get(i), I32(1), Op(Opcode.I32Add), Set(i),
                    Op(Opcode.Br, 0),
                Op(Opcode.End),
                Op(Opcode.End),
                Get(n), Op(Opcode.I32Eqz),
                Block(Opcode.If, ValType.I32),
                    Get(acc),
                Op(Opcode.Else),
                    Get(n), I32(4), Op(Opcode.I32Mul), Get(acc), Op(Opcode.I32Store, 2),
                    Get(n), I32(1), Op(Opcode.I32Sub), Op(Opcode.Call, 1),
                    Get(acc), Op(Opcode.I32Xor),
                Op(Opcode.End),
            ]));
        module.Memories.Add(new MemoryType(new Limits(1, null)));
        return module;
    }

    private const int Depth = Machine.MaxNestedBodies + 50;

    private static (ulong Result, byte[] Memory) Uninterrupted()
    {
        var store = new Store();
        var instance = Instantiate(Chain(), store);
        TierTests.PinTier(instance, compiled: false);
        var result = Executor.Invoke(store, instance.GetFunction("chain"), [Depth])[0];
        return (result, MemoryOf(instance));
    }

    private static byte[] MemoryOf(ModuleInstance instance)
    {
        var memory = instance.Memories[0];
        var bytes = new byte[(Depth + 1) * 4];
        for (var k = 0; k < bytes.Length; k++)
        {
            bytes[k] = memory.Load<byte>((ulong)k);
        }

        return bytes;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void RandomPausesInDeepCompiledCallChainsLeaveTheInterpretersStateAndResumeToTheSameResult(int seed)
    {
        var (expected, expectedMemory) = Uninterrupted();

        // The same module twice (each with its own code), one pinned to each tier, run in lockstep with random budgets.
        var interpretedStore = new Store();
        var interpreted = Instantiate(Chain(), interpretedStore);
        TierTests.PinTier(interpreted, compiled: false);
        var compiledStore = new Store();
        var compiled = Instantiate(Chain(), compiledStore);
        TierTests.PinTier(compiled, compiled: true);

        var random = new Random(seed);
        var a = new Machine(interpretedStore);
        var b = new Machine(compiledStore);
        a.Start(interpreted.GetFunction("chain"), [Depth]);
        b.Start(compiled.GetFunction("chain"), [Depth]);
        var pauses = 0;
        var deepest = 0;
        while (true)
        {
            var budget = random.Next(4) switch { 0 => random.Next(3), 1 => random.Next(50), _ => random.Next(3000) };
            a.Fuel = budget;
            b.Fuel = budget;
            var statusA = a.Run();
            var statusB = b.Run();
            Assert.Equal(statusA, statusB);
            if (statusA == RunStatus.Completed)
            {
                break;
            }

            pauses++;
            deepest = Math.Max(deepest, b.FrameCount);
            Assert.Equal(a.PauseReason, b.PauseReason);
            Assert.Equal(a.FrameCount, b.FrameCount);
            for (var k = 0; k < a.FrameCount; k++)
            {
                Assert.Equal((a.GetFrame(k).Pc, a.GetFrame(k).StackBase), (b.GetFrame(k).Pc, b.GetFrame(k).StackBase));
            }

            AssertSameLiveSlots(a, b, pauses);
            if (random.Next(4) == 0)
            {
                // Continue the compiled run in a fresh machine rebuilt from the saved state.
                var frames = Enumerable.Range(0, b.FrameCount).Select(b.GetFrame).ToList();
                var stack = b.Stack.ToArray();
                b = new Machine(compiledStore);
                b.Restore(frames, stack);
            }
        }

        Assert.True(pauses > 20, $"only {pauses} pauses");
        Assert.True(deepest > Machine.MaxNestedBodies, $"the deepest pause had {deepest} frames");
        Assert.Equal(expected, a.Results[0]);
        Assert.Equal(expected, b.Results[0]);
        Assert.Equal(expectedMemory, MemoryOf(interpreted));
        Assert.Equal(expectedMemory, MemoryOf(compiled));
    }

    /// <summary>
    /// The slots a resumed run can read: every slot of an outer frame below its callee's base (locals and pending
    /// operands), and the innermost frame's parameters and locals. Slots above are dead (the interpreter leaves there
    /// what its callees wrote, a compiled body what it last spilled).
    /// </summary>
    internal static void AssertSameLiveSlots(Machine a, Machine b, int pause)
    {
        var stackA = a.Stack;
        var stackB = b.Stack;
        for (var k = 0; k < a.FrameCount; k++)
        {
            var frame = a.GetFrame(k);
            var end = k + 1 < a.FrameCount ? a.GetFrame(k + 1).StackBase : frame.StackBase + CompiledFunction.Of((WasmFunction)frame.Function).LocalCount;
            for (var slot = frame.StackBase; slot < end; slot++)
            {
                Assert.True(stackA[slot] == stackB[slot], $"pause {pause}: frame {k} slot {slot - frame.StackBase}: {stackA[slot]} interpreted, {stackB[slot]} compiled");
            }
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(EngineConfig.DefaultTierThreshold)]
    public void PausesAtEveryFewCheckpointsGiveTheUninterruptedResultWithTiering(int threshold)
    {
        var (expected, expectedMemory) = Uninterrupted();
        var store = new Store(EngineConfig.Default with { TierThreshold = threshold });
        var instance = Instantiate(Chain(), store);
        var random = new Random(threshold);
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("chain"), [Depth]);
        var pauses = 0;
        while (true)
        {
            machine.Fuel = random.Next(1, 400);
            if (machine.Run() == RunStatus.Completed)
            {
                break;
            }

            pauses++;
        }

        Assert.True(pauses > 20);
        Assert.Equal(expected, machine.Results[0]);
        Assert.Equal(expectedMemory, MemoryOf(instance));
        Assert.NotNull(CompiledFunction.Of((WasmFunction)instance.GetFunction("fib")).Body);
        Assert.NotNull(CompiledFunction.Of((WasmFunction)instance.GetFunction("chain")).Body);
    }

    [Fact]
    public void APauseRequestedFromAnotherThreadStopsCompiledCodeDeepInACallChain()
    {
        var (expected, _) = Uninterrupted();
        var store = new Store();
        var instance = Instantiate(Chain(), store);
        TierTests.PinTier(instance, compiled: true);
        var machine = new Machine(store);
        machine.Start(instance.GetFunction("chain"), [Depth]);
        machine.RequestPause();
        Assert.Equal(RunStatus.Paused, machine.Run());
        Assert.Equal(PauseReason.Requested, machine.PauseReason);
        while (machine.Run() == RunStatus.Paused)
        {
        }

        Assert.Equal(expected, machine.Results[0]);
    }
}
