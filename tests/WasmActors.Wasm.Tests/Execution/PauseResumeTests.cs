using WasmActors.Wasm.Execution;
using WasmActors.Wasm.Runtime;
using static WasmActors.Wasm.Tests.Execution.ExecutionModules;

namespace WasmActors.Wasm.Tests.Execution;

public sealed class PauseResumeTests
{
    [Fact]
    public void EveryFuelBudgetGivesTheUninterruptedResult()
    {
        var store = new Store();
        var fib = Instantiate(Fib(), store).GetFunction("fib");
        var expected = (uint)FibReference(12);
        Assert.Equal(expected, Executor.Invoke(store, fib, [12])[0]);

        var deepestPause = 0;
        for (var budget = 0; budget <= 200; budget++)
        {
            var machine = new Machine(store) { Fuel = budget };
            machine.Start(fib, [12]);
            var pauses = 0;
            while (machine.Run() == RunStatus.Paused)
            {
                Assert.Equal(PauseReason.FuelExhausted, machine.PauseReason);
                Assert.Equal(0, machine.Fuel);
                deepestPause = Math.Max(deepestPause, machine.FrameCount);
                pauses++;
                machine.Fuel = budget;
            }

            Assert.Equal(expected, (uint)machine.Results[0]);
            Assert.True(pauses > 0, $"budget {budget} never paused");
        }

        // Pauses happened inside nested calls, not only in the outermost frame.
        Assert.True(deepestPause >= 10, $"deepest pause was {deepestPause} frames");
    }

    [Fact]
    public void PausedStateExposesFramesAndStack()
    {
        var store = new Store();
        var fib = Instantiate(Fib(), store).GetFunction("fib");
        var machine = new Machine(store) { Fuel = 30 };
        machine.Start(fib, [10]);

        Assert.Equal(RunStatus.Paused, machine.Run());
        Assert.True(machine.FrameCount > 1);
        var outer = machine.GetFrame(0);
        Assert.Same(fib, outer.Function);
        Assert.Equal(0, outer.StackBase);
        Assert.Equal(10UL, machine.Stack[0]);
        for (var i = 1; i < machine.FrameCount; i++)
        {
            Assert.True(machine.GetFrame(i).StackBase > machine.GetFrame(i - 1).StackBase);
        }

        Assert.Throws<InvalidOperationException>(() => machine.Results);
    }

    [Fact]
    public async Task RequestsFromAnotherThreadPauseAndResumeExactly()
    {
        var store = new Store();
        var checksum = Instantiate(Checksum(), store).GetFunction("checksum");
        const int n = 300_000;
        var expected = (ulong)ChecksumReference(n);
        Assert.Equal(expected, Executor.Invoke(store, checksum, [n])[0]);

        var machine = new Machine(store);
        machine.Start(checksum, [n]);
        machine.RequestPause(); // guarantees at least one pause, whatever the timing below
        using var done = new CancellationTokenSource();
        var requester = Task.Run(() =>
        {
            var random = new Random(7);
            while (!done.IsCancellationRequested)
            {
                Thread.SpinWait(random.Next(1, 20_000));
                machine.RequestPause();
            }
        });

        var pauses = 0;
        while (machine.Run() == RunStatus.Paused)
        {
            Assert.Equal(PauseReason.Requested, machine.PauseReason);
            pauses++;
        }

        await done.CancelAsync();
        await requester;
        Assert.True(pauses >= 1);
        Assert.Equal(expected, machine.Results[0]);
    }

    [Fact]
    public void StateCopiedIntoAFreshMachineResumesThere()
    {
        // What a snapshot does: take frames and stack at a pause, rebuild a machine from them, continue there.
        var store = new Store();
        var fib = Instantiate(Fib(), store).GetFunction("fib");
        var machine = new Machine(store) { Fuel = 17 };
        machine.Start(fib, [14]);
        var moves = 0;
        while (machine.Run() == RunStatus.Paused)
        {
            var frames = Enumerable.Range(0, machine.FrameCount).Select(machine.GetFrame).ToList();
            var stack = machine.Stack.ToArray();
            machine = new Machine(store);
            machine.Restore(frames, stack);
            machine.Fuel = 17;
            moves++;
        }

        Assert.True(moves > 10);
        Assert.Equal((uint)FibReference(14), (uint)machine.Results[0]);
    }

    [Fact]
    public void RestoreRejectsStateThatDoesNotFitTheCode()
    {
        var store = new Store();
        var fib = (WasmFunction)Instantiate(Fib(), store).GetFunction("fib");
        var machine = new Machine(store);
        Assert.Throws<WasmRestoreException>(() => machine.Restore([new MachineFrame(fib, 1_000_000, 0)], new ulong[64]));
        Assert.Throws<WasmRestoreException>(() => machine.Restore([], []));
    }

    [Fact]
    public void RunRefusesAFinishedOrUnstartedMachine()
    {
        var store = new Store();
        var fib = Instantiate(Fib(), store).GetFunction("fib");
        var machine = new Machine(store);
        Assert.Throws<InvalidOperationException>(() => machine.Run());
        machine.Start(fib, [5]);
        Assert.Equal(RunStatus.Completed, machine.Run());
        Assert.Equal(MachineState.Completed, machine.State);
        Assert.Equal(5u, (uint)machine.Results[0]);
        Assert.Throws<InvalidOperationException>(() => machine.Run());
    }
}
