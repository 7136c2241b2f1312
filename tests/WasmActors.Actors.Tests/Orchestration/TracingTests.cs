using System.Collections.Concurrent;
using System.Diagnostics;
using WasmActors.Actors.Orchestration;
using WasmActors.Actors.Telemetry;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>The orchestrator API's operations are spans of the WasmActors activity source, failures marked as errors.</summary>
public sealed class TracingTests(ITestOutputHelper output) : WasmActorsTestKit(output)
{
    protected override int RunNodeCount => 2;

    [Fact]
    public async Task DeploySnapshotForkAndMigrateAreSpansTaggedWithWhatTheyActOn()
    {
        var spans = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == WasmActorsMetrics.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        // A name of its own: the listener hears every span of the process, other tests' included.
        var name = $"traced-{Guid.NewGuid():N}";
        var programOutput = new ProgramOutput(Sys);
        var deployed = await Orchestrator.DeployAsync(TestKitFiles.Sample("counter"), name, ["1000000", "10", "20000"], null, programOutput.Ref, "run-1");
        await programOutput.WaitForAsync(t => t.Contains("step 10 ", StringComparison.Ordinal), Timeout);
        var snapshot = await Orchestrator.SnapshotAsync(deployed.InstanceId);
        var forked = await Orchestrator.ForkAsync(snapshot.SnapshotId, Granularity.Page, CopyMode.Cow, 1, node: "run-2");
        var migrated = await Orchestrator.MigrateAsync(deployed.InstanceId, "run-2");
        await Assert.ThrowsAsync<OrchestratorException>(() => Orchestrator.SnapshotAsync("i-nonexistent"));
        await Orchestrator.StopAsync(migrated.NewInstanceId);
        await Orchestrator.StopAsync(forked.InstanceIds[0]);

        string[] subjects = [name, deployed.InstanceId, snapshot.SnapshotId, "i-nonexistent"];
        var ours = spans.Where(s => subjects.Contains(s.GetTagItem("wasmactors.subject") as string)).ToArray();
        Assert.Equal(["wasmactors.deploy", "wasmactors.snapshot", "wasmactors.fork", "wasmactors.migrate", "wasmactors.snapshot"], ours.Select(s => s.OperationName));
        Assert.Equal([name, deployed.InstanceId, snapshot.SnapshotId, deployed.InstanceId, "i-nonexistent"], ours.Select(s => s.GetTagItem("wasmactors.subject") as string));
        Assert.All(ours[..^1], s => Assert.Equal(ActivityStatusCode.Unset, s.Status));
        Assert.Equal(ActivityStatusCode.Error, ours[^1].Status);
        Assert.Contains("no run node holds instance", ours[^1].StatusDescription, StringComparison.Ordinal);
    }
}
