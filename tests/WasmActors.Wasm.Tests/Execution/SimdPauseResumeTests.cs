using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>
/// A v128 is two plain slots: it lives on the operand stack, in locals and in a callee's parameters across every
/// checkpoint, so pausing, copying the state into a fresh machine (what a snapshot does) and resuming give the
/// uninterrupted result.
/// </summary>
public sealed class SimdPauseResumeTests
{
    // i32x4 lanes 10, 20, 30, 40: pushed before the loop, it stays on the operand stack while the loop runs.
    private const ulong BaseLow = 20UL << 32 | 10;
    private const ulong BaseHigh = 40UL << 32 | 30;
    private const int N = 25;

    [Fact]
    public void A_v128_on_the_stack_survives_pauses_and_moves_between_machines()
    {
        var store = new Store();
        var run = Instantiate(Accumulate(), store).GetFunction("run");
        var expected = Expected(N);
        Assert.Equal(expected, Executor.Invoke(store, run, [N]));

        var sawBaseOnStack = false;
        for (var budget = 1; budget <= 12; budget++)
        {
            var machine = new Machine(store) { Fuel = budget };
            machine.Start(run, [N]);
            var moves = 0;
            while (machine.Run() == RunStatus.Paused)
            {
                var frames = Enumerable.Range(0, machine.FrameCount).Select(machine.GetFrame).ToList();
                var stack = machine.Stack.ToArray();
                sawBaseOnStack |= ContainsPair(stack, BaseLow, BaseHigh);
                machine = new Machine(store);
                machine.Restore(frames, stack);
                machine.Fuel = budget;
                moves++;
            }

            Assert.True(moves > 0, $"budget {budget} never paused");
            Assert.Equal(expected, machine.Results);
        }

        Assert.True(sawBaseOnStack, "no pause had the stacked v128 in two adjacent slots");
    }

    [Fact]
    public void Functions_using_v128_tier_up_when_everything_tiers_up()
    {
        var store = new Store(EngineConfig.Default with { TierThreshold = 0 });
        var instance = Instantiate(Accumulate(), store);
        var run = instance.GetFunction("run");

        Assert.Equal(Expected(N), Executor.Invoke(store, run, [N]));
        foreach (var name in (string[])["run", "step"])
        {
            var compiled = CompiledFunction.Of((WasmFunction)instance.GetFunction(name));
            Assert.False(compiled.TierDisabled, $"{name} stayed in the interpreter");
            Assert.NotNull(compiled.Body);
        }
    }

    /// <summary>
    /// The module twice, one copy pinned to each tier, run with the same random budgets: every pause inside the
    /// compiled SIMD code leaves the interpreter's frames and live slots (v128 halves included), and the compiled run
    /// goes on in fresh machines rebuilt from its saved state.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Pauses_in_compiled_SIMD_code_leave_the_interpreters_state(int seed)
    {
        var interpretedStore = new Store();
        var interpreted = Instantiate(Accumulate(), interpretedStore);
        TierTests.PinTier(interpreted, compiled: false);
        var compiledStore = new Store();
        var compiled = Instantiate(Accumulate(), compiledStore);
        TierTests.PinTier(compiled, compiled: true);

        var random = new Random(seed);
        var a = new Machine(interpretedStore);
        var b = new Machine(compiledStore);
        a.Start(interpreted.GetFunction("run"), [N]);
        b.Start(compiled.GetFunction("run"), [N]);
        int pauses = 0, moves = 0;
        var sawBaseOnStack = false;
        while (true)
        {
            var budget = random.Next(1, 6);
            a.Fuel = budget;
            b.Fuel = budget;
            var status = a.Run();
            Assert.Equal(status, b.Run());
            if (status == RunStatus.Completed)
            {
                break;
            }

            pauses++;
            Assert.Equal(a.FrameCount, b.FrameCount);
            for (var k = 0; k < a.FrameCount; k++)
            {
                Assert.Equal((a.GetFrame(k).Pc, a.GetFrame(k).StackBase), (b.GetFrame(k).Pc, b.GetFrame(k).StackBase));
            }

            CompiledCallTests.AssertSameLiveSlots(a, b, pauses);
            sawBaseOnStack |= ContainsPair(b.Stack.ToArray(), BaseLow, BaseHigh);
            if (random.Next(3) == 0)
            {
                var frames = Enumerable.Range(0, b.FrameCount).Select(b.GetFrame).ToList();
                var stack = b.Stack.ToArray();
                b = new Machine(compiledStore);
                b.Restore(frames, stack);
                moves++;
            }
        }

        Assert.True(pauses > 10, $"only {pauses} pauses");
        Assert.True(moves > 0, "the compiled run never moved to a fresh machine");
        Assert.True(sawBaseOnStack, "no pause had the stacked v128 in two adjacent slots");
        Assert.Equal(Expected(N), a.Results);
        Assert.Equal(Expected(N), b.Results);
        Assert.NotNull(CompiledFunction.Of((WasmFunction)compiled.GetFunction("step")).Body);
    }

    /// <summary>
    /// <c>step(v, k) = v + splat(k)</c>; <c>run(n)</c> pushes the base vector, loops n times calling step on a v128
    /// local, then adds the two: every lane is base + n(n+1)/2.
    /// </summary>
    private static Module Accumulate()
    {
        var step = new FuncType([ValType.V128, ValType.I32], [ValType.V128]);
        var run = new FuncType([ValType.I32], [ValType.V128]);
        return Build(
            [step, run],
            ("step", 0, [], [Get(0), Get(1), Op(Opcode.I32x4Splat), Op(Opcode.I32x4Add)]),
            ("run", 1, [ValType.V128], [
                new Instruction(Opcode.V128Const, 0, 0, BaseLow, BaseHigh, 0),
                Block(Opcode.Loop),
                Get(1), Get(0), Op(Opcode.Call, 0), Set(1),
                Get(0), I32(1), Op(Opcode.I32Sub), Op(Opcode.LocalTee, 0), Op(Opcode.BrIf, 0),
                Op(Opcode.End),
                Get(1), Op(Opcode.I32x4Add),
            ]));
    }

    private static ulong[] Expected(int n)
    {
        var sum = (ulong)(n * (n + 1) / 2);
        return [BaseLow + (sum << 32 | sum), BaseHigh + (sum << 32 | sum)];
    }

    private static bool ContainsPair(ulong[] stack, ulong low, ulong high)
    {
        for (var i = 0; i + 1 < stack.Length; i++)
        {
            if (stack[i] == low && stack[i + 1] == high)
            {
                return true;
            }
        }

        return false;
    }
}
