using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

/// <summary>The CIL tier against the interpreter: same results, same pause points, frames that move between them.</summary>
public sealed class TierTests
{
    /// <summary>Pins every function of <paramref name="instance"/> to one tier.</summary>
    internal static void PinTier(ModuleInstance instance, bool compiled)
    {
        foreach (var function in instance.Functions.OfType<WasmFunction>())
        {
            var code = CompiledFunction.Of(function);
            if (compiled)
            {
                code.CompileBody();
            }
            else
            {
                code.DisableBody();
            }
        }
    }

    private static List<(int Depth, int Pc)> PauseTrace(bool compiled, Func<Store, ModuleInstance> instantiate, string export, ulong argument, long budget, out ulong result)
    {
        var store = new Store();
        var instance = instantiate(store);
        PinTier(instance, compiled);
        var machine = new Machine(store) { Fuel = budget };
        machine.Start(instance.GetFunction(export), [argument]);
        var trace = new List<(int, int)>();
        while (machine.Run() == RunStatus.Paused)
        {
            trace.Add((machine.FrameCount, machine.GetFrame(machine.FrameCount - 1).Pc));
            machine.Fuel = budget;
        }

        result = machine.Results[0];
        return trace;
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(50)]
    public void BothTiersPauseAtTheSamePoints(long budget)
    {
        var fibInterpreted = PauseTrace(false, s => Instantiate(Fib(), s), "fib", 11, budget, out var fibA);
        var fibCompiled = PauseTrace(true, s => Instantiate(Fib(), s), "fib", 11, budget, out var fibB);
        Assert.Equal((ulong)FibReference(11), fibA);
        Assert.Equal(fibA, fibB);
        Assert.NotEmpty(fibInterpreted);
        Assert.Equal(fibInterpreted, fibCompiled);

        var sumInterpreted = PauseTrace(false, s => Instantiate(Checksum(), s), "checksum", 3000, budget, out var sumA);
        var sumCompiled = PauseTrace(true, s => Instantiate(Checksum(), s), "checksum", 3000, budget, out var sumB);
        Assert.Equal((ulong)ChecksumReference(3000), sumA);
        Assert.Equal(sumA, sumB);
        Assert.NotEmpty(sumInterpreted);
        Assert.Equal(sumInterpreted, sumCompiled);
    }

    [Fact]
    public void EveryFuelBudgetGivesTheUninterruptedResultInCompiledCode()
    {
        var store = new Store();
        var instance = Instantiate(Fib(), store);
        PinTier(instance, compiled: true);
        var fib = instance.GetFunction("fib");
        var expected = (ulong)FibReference(12);
        for (var budget = 0; budget <= 120; budget++)
        {
            var machine = new Machine(store) { Fuel = budget };
            machine.Start(fib, [12]);
            var pauses = 0;
            while (machine.Run() == RunStatus.Paused)
            {
                pauses++;
                machine.Fuel = budget;
            }

            Assert.True(pauses > 0);
            Assert.Equal(expected, machine.Results[0]);
        }
    }

    [Fact]
    public void AHotLoopMovesToTheCompiledTierMidRunAndStillPausesExactly()
    {
        var store = new Store();
        var instance = Instantiate(Checksum(), store);
        var checksum = (WasmFunction)instance.GetFunction("checksum");
        Assert.Null(CompiledFunction.Of(checksum).Body);

        // Pause every 5000 checkpoints and continue each time in a fresh machine rebuilt from the saved state.
        var machine = new Machine(store) { Fuel = 5000 };
        machine.Start(checksum, [100_000]);
        var moves = 0;
        while (machine.Run() == RunStatus.Paused)
        {
            var frames = Enumerable.Range(0, machine.FrameCount).Select(machine.GetFrame).ToList();
            var stack = machine.Stack.ToArray();
            machine = new Machine(store);
            machine.Restore(frames, stack);
            machine.Fuel = 5000;
            moves++;
        }

        Assert.True(moves >= 19);
        Assert.Equal((ulong)ChecksumReference(100_000), machine.Results[0]);
        Assert.NotNull(CompiledFunction.Of(checksum).Body);
    }

    [Fact]
    public void FunctionsCalledOftenMoveToTheCompiledTierEvenWithoutLoops()
    {
        var store = new Store();
        var fib = (WasmFunction)Instantiate(Fib(), store).GetFunction("fib");
        Assert.Equal((ulong)FibReference(5), Executor.Invoke(store, fib, [5])[0]);
        Assert.Null(CompiledFunction.Of(fib).Body);
        Assert.Equal((ulong)FibReference(20), Executor.Invoke(store, fib, [20])[0]);
        Assert.NotNull(CompiledFunction.Of(fib).Body);
    }

    [Fact]
    public void DeepRecursionInCompiledCodeStillTrapsCleanly()
    {
        var store = new Store(EngineConfig.Default with { MaxCallDepth = 300 });
        var module = Build([VoidToVoid], ("forever", 0, [], [Op(Model.Opcode.Call, 0)]));
        var forever = Instantiate(module, store);
        PinTier(forever, compiled: true);

        var trap = Assert.Throws<WasmTrapException>(() => Executor.Invoke(store, forever.GetFunction("forever"), []));
        Assert.Equal(TrapMessages.CallStackExhausted, trap.Reason);
        Assert.Equal(300, trap.WasmBacktrace.Count);
    }

    [Fact]
    public void InstancesOfOneModuleShareTheirCompiledCode()
    {
        var module = Checksum();
        var store = new Store();
        var first = (WasmFunction)Instantiate(module, store).GetFunction("checksum");
        var second = (WasmFunction)Instantiate(module, store).GetFunction("checksum");
        Assert.Equal((ulong)ChecksumReference(50_000), Executor.Invoke(store, first, [50_000])[0]);

        Assert.Same(CompiledFunction.Of(first).Code, CompiledFunction.Of(second).Code);
        Assert.NotNull(CompiledFunction.Of(second).Body);

        // The shared body runs against the second instance's own memory.
        Assert.Equal((ulong)ChecksumReference(70_000), Executor.Invoke(store, second, [70_000])[0]);
        Assert.Equal(49_999u, first.Module.Memories[0].Load<uint>((49_999 % 1024) * 4));
        Assert.Equal(69_999u, second.Module.Memories[0].Load<uint>((69_999 % 1024) * 4));
    }
}
