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
        var arguments = new[] { "400", "10", "20000" };
        var (deployed, programOutput) = await DeploySampleAsync("counter", arguments, node: "run-1");
        await programOutput.WaitForAsync(t => t.Contains("step 50 ", StringComparison.Ordinal), Timeout);
        var migrated = await MigrateAsync(deployed.InstanceId, "run-2");
        Assert.Equal("run-2", migrated.TargetNode);
        var ending = await AwaitEndAsync(programOutput);
        Assert.Equal(migrated.NewInstanceId, Assert.IsType<InstanceExited>(ending).InstanceId);
        Assert.Equal(RunLocally("counter", arguments), programOutput.Text());
        Assert.True(programOutput.IsContiguous());
    }
}
