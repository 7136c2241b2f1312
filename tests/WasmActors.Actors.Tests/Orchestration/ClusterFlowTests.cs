using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>Deploy, snapshot, fork and migrate across in-process nodes over real Akka.Remote.</summary>
public sealed class ClusterFlowTests(ITestOutputHelper output) : WasmActorsTestKit(output)
{
    protected override int RunNodeCount => 2;

    [Fact]
    public async Task DeployedProgramStreamsItsOutputAndExits()
    {
        var (deployed, programOutput) = await DeploySampleAsync("counter", ["30", "10", "100"]);
        var ending = await AwaitEndAsync(programOutput);
        Assert.Equal(0, Assert.IsType<InstanceExited>(ending).ExitCode);
        Assert.Equal(RunLocally("counter", "30", "10", "100"), programOutput.Text());
        Assert.True(programOutput.IsContiguous());
    }

    [Fact]
    public async Task MigratedProgramContinuesItsOutputExactlyWhereItStopped()
    {
        // Long enough never to finish on its own: the test compares every progress line it printed, before and
        // after the move, with a local run, whatever the machine's speed.
        var (deployed, programOutput) = await DeploySampleAsync("counter", ["1000000", "10", "20000"], node: "run-1");
        await programOutput.WaitForAsync(t => t.Contains("step 30 ", StringComparison.Ordinal), Timeout);
        var migrated = await MigrateAsync(deployed.InstanceId, "run-2");
        Assert.Equal("run-2", migrated.TargetNode);
        var atMove = CounterSteps.Last(programOutput.Text());
        await programOutput.WaitForAsync(t => CounterSteps.Last(t) >= atMove + 50, Timeout);
        await Orchestrator.StopAsync(migrated.NewInstanceId);
        Assert.Equal(new InstanceStopped(migrated.NewInstanceId, null), await AwaitEndAsync(programOutput));

        var lines = CounterSteps.Lines(programOutput.Text());
        var reference = CounterSteps.Lines(RunLocally("counter", $"{CounterSteps.Last(programOutput.Text())}", "10", "20000"));
        Assert.Equal(reference, lines);
        Assert.True(programOutput.IsContiguous());
    }


    [Fact]
    public async Task PauseResumeAndStopReachTheEngineThread()
    {
        var (deployed, programOutput) = await DeploySampleAsync("counter", ["100000", "100", "20000"], node: "run-1");
        await programOutput.WaitForAsync(t => t.Contains("step 100 ", StringComparison.Ordinal), Timeout);

        Assert.Equal(InstanceState.Paused, (await Orchestrator.PauseAsync(deployed.InstanceId)).State);
        Assert.Contains(await Orchestrator.ListAsync(), i => i.InstanceId == deployed.InstanceId && i.State == InstanceState.Paused);
        var resumeFailure = await Assert.ThrowsAsync<OrchestratorException>(() => Orchestrator.PauseAsync("i-nonexistent"));
        Assert.Contains("no run node holds instance", resumeFailure.Message, StringComparison.Ordinal);

        Assert.Equal(InstanceState.Running, (await Orchestrator.ResumeAsync(deployed.InstanceId)).State);
        var printed = programOutput.Writes;
        await programOutput.WaitForAsync(_ => programOutput.Writes > printed, Timeout);

        Assert.Equal(InstanceState.Stopped, (await Orchestrator.StopAsync(deployed.InstanceId)).State);
        Assert.Equal(new InstanceStopped(deployed.InstanceId, null), await AwaitEndAsync(programOutput));
    }

    [Fact]
    public async Task AModuleThatIsNotWebAssemblyTrapsWithTheLoadersMessage()
    {
        var programOutput = new ProgramOutput(Sys);
        var deployed = await Orchestrator.DeployAsync("not a module"u8.ToArray(), "junk", owner: programOutput.Ref);
        var trapped = Assert.IsType<InstanceTrapped>(await AwaitEndAsync(programOutput));
        Assert.Equal(deployed.InstanceId, trapped.InstanceId);
        Assert.False(string.IsNullOrWhiteSpace(trapped.Message));
    }
}
