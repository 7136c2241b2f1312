using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Requests to a run node for an instance whose program has just ended are answered with how it ended, never left to
/// time out: a stop sent as the program ends reaches an actor that has stopped itself (a benchmark's stop once waited
/// its whole ask timeout that way).
/// </summary>
public sealed class EndedInstanceTests(ITestOutputHelper output) : WasmActorsTestKit(output)
{
    private long _requestId;

    [Fact]
    public async Task StopPauseAndSnapshotOfAProgramThatJustEndedAreAnsweredWithItsEnd()
    {
        var runNode = (await Orchestrator.RunNodeAsync("run-1")).Actor;
        for (var round = 0; round < 20; round++)
        {
            // A program that ends almost at once; the stop races its end.
            var (deployed, programOutput) = await DeploySampleAsync("counter", ["3", "1", "10"], node: "run-1");
            var id = deployed.InstanceId;
            var stop = runNode.Ask<object>(new StopInstance(++_requestId, id), Timeout);
            var end = await AwaitEndAsync(programOutput);
            Assert.True(end is InstanceExited or InstanceStopped, $"the program ended with {end}");
            var state = Assert.IsType<InstanceStateChanged>(await stop).State;
            Assert.Equal(end is InstanceExited ? InstanceState.Exited : InstanceState.Stopped, state);

            // Later requests, whether the node has dropped the instance's actor yet or not.
            Assert.Equal(state, Assert.IsType<InstanceStateChanged>(await runNode.Ask<object>(new StopInstance(++_requestId, id), Timeout)).State);
            var pause = Assert.IsType<OperationFailed>(await runNode.Ask<object>(new PauseInstance(++_requestId, id), Timeout));
            Assert.Equal($"instance {id} has {state.ToString().ToLowerInvariant()}", pause.Reason);
            var snapshot = Assert.IsType<OperationFailed>(await runNode.Ask<object>(new TakeSnapshot(++_requestId, id, false), Timeout));
            Assert.Contains($"instance {id} has", snapshot.Reason, StringComparison.Ordinal);
        }
    }
}
