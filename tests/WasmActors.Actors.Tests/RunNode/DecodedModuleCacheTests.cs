using WasmActors.Actors.Hosting;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// The run node's decoded modules stay within wasmactors.run-node.decoded-module-cache-size: here room for one of
/// the two programs. A fork of the other drops the first one's module; an instance running it goes on unharmed, and
/// the next restore that needs it fetches and decodes it again. (No prefetch: forks alone fill the cache.)
/// </summary>
public sealed class DecodedModuleCacheTests(ITestOutputHelper output) : WasmActorsTestKit(output, """
    wasmactors.run-node.module-prefetch = off
    wasmactors.run-node.decoded-module-cache-size = 200KiB
    """)
{
    [Fact]
    public async Task AnInstanceWhoseModuleWasDroppedRunsOnAndALaterForkFetchesItAgain()
    {
        var counterBytes = TestKitFiles.Sample("counter").Length;
        var digitsBytes = TestKitFiles.Sample("pidigits").Length;
        var counter = await StoredSnapshots.OfSampleAsync(Sys, Orchestrator, "counter", ["1000000", "10", "20000"]);
        var digits = await StoredSnapshots.OfSampleAsync(Sys, Orchestrator, "pidigits", ["100000"]);
        var modules = NodeRoles.Of(RunNodes[0].System)!.DecodedModules;
        Assert.Equal(0, modules.Loads);

        var (forked, forkOutput) = await ForkAsync(counter);
        var running = forked.InstanceIds[0];
        Assert.Equal(InstanceState.Paused, (await Orchestrator.PauseAsync(running)).State);
        Assert.Equal((1, 1, counterBytes), (modules.Loads, modules.Count, modules.Bytes));

        var (other, _) = await ForkAsync(digits);
        await Orchestrator.StopAsync(other.InstanceIds[0]);
        Assert.Equal((2, 1, 1, digitsBytes), (modules.Loads, modules.Evictions, modules.Count, modules.Bytes));

        // The paused fork's module left the cache; it runs on with it, and prints what an uninterrupted run prints.
        var atResume = CounterSteps.Last(forkOutput.Text());
        Assert.Equal(InstanceState.Running, (await Orchestrator.ResumeAsync(running)).State);
        await forkOutput.WaitForAsync(t => CounterSteps.Last(t) >= atResume + 30, Timeout);
        await Orchestrator.StopAsync(running);
        await AwaitEndAsync(forkOutput);
        var reference = CounterSteps.Lines(RunLocally("counter", $"{CounterSteps.Last(forkOutput.Text())}", "10", "20000"));
        var lines = CounterSteps.Lines(forkOutput.Text());
        Assert.NotEmpty(lines);
        Assert.Equal(reference[^lines.Length..], lines);

        // Another granularity is another restore: it finds the module gone and fetches it again.
        var (again, againOutput) = await ForkAsync(counter, granularity: Granularity.Page);
        await againOutput.WaitForAsync(t => t.Contains("step ", StringComparison.Ordinal), Timeout);
        await Orchestrator.StopAsync(again.InstanceIds[0]);
        Assert.Equal((3, 2, 1, counterBytes), (modules.Loads, modules.Evictions, modules.Count, modules.Bytes));
        Assert.InRange(modules.Bytes, 0, modules.MaxBytes);
    }
}
