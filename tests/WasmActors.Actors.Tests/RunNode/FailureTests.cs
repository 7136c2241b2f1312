using Akka.Actor;
using Akka.TestKit;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>Failures: a memory side that dies or hangs, late and duplicated replies, a run node that leaves.</summary>
public sealed class FailureTests(ITestOutputHelper output) : WasmActorsTestKit(output)
{
    protected override int RunNodeCount => 2;

    private IActorRef RunActor(int index) =>
        Sys.ActorSelection(RunNodes[index].Address + "/user/run").ResolveOne(Timeout).GetAwaiter().GetResult();

    [Fact]
    public async Task AMemorySideThatDiesFailsTheForkWithSnapshotSourceUnavailableWhileOtherInstancesRunOn()
    {
        var (_, bystander) = await DeploySampleAsync("counter", ["150", "10", "20000"], node: "run-1");
        var fakeMemory = CreateTestProbe();
        var run = RunActor(0);
        run.Tell(new ForkFrom(1, new SnapshotRef("s-gone", "memory-x", fakeMemory.Ref, null), Granularity.Page, CopyMode.Cow, 1, TestActor), TestActor);

        var fetch = fakeMemory.ExpectMsg<FetchSnapshotData>(Timeout);
        Assert.Equal(SnapshotDataKind.Manifest, fetch.Kind);
        Sys.Stop(fakeMemory.Ref);

        var failure = ExpectMsg<OperationFailed>(Timeout);
        Assert.Contains("snapshot source unavailable", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("is gone", failure.Reason, StringComparison.Ordinal);

        Assert.IsType<InstanceExited>(await AwaitEndAsync(bystander));
        Assert.Equal(RunLocally("counter", "150", "10", "20000"), bystander.Text());
    }

    [Fact]
    public async Task AHungMemorySideTrapsWithinTheFaultTimeoutAndLateOrDuplicatedRepliesAreIgnored()
    {
        var silentMemory = CreateTestProbe();
        var run = RunActor(0);
        run.Tell(new ForkFrom(2, new SnapshotRef("s-hung", "memory-x", silentMemory.Ref, null), Granularity.Mixture, CopyMode.Cow, 1, TestActor), TestActor);
        var fetch = silentMemory.ExpectMsg<FetchSnapshotData>(Timeout);
        var proxy = silentMemory.LastSender;

        var failure = ExpectMsg<OperationFailed>(Timeout);
        Assert.Contains("snapshot source unavailable: no reply within 3 s", failure.Reason, StringComparison.Ordinal);

        // The answer arrives after the engine thread gave up, twice: both are dropped and counted.
        var late = new SnapshotDataPart(fetch.RequestId, 0, 1, 3, [1, 2, 3]);
        proxy.Tell(late, silentMemory.Ref);
        proxy.Tell(late, silentMemory.Ref);
        await AwaitConditionAsync(async () => (await Orchestrator.StatsAsync()).Single(s => s.Node == "run-1").LateRepliesIgnored >= 2, Timeout);
        Assert.Contains((await Orchestrator.RunNodesAsync()), n => n.Name == "run-1");
    }

    [Fact]
    public async Task TheOrchestratorIsToldWhenARunNodeDies()
    {
        var watcher = Sys.ActorOf(RunNodeWatcher.Props(TestActor));
        var address = RunNodes[1].Address.ToString();
        await Task.Delay(500); // let the watcher identify both run nodes
        await RunNodes[1].DisposeAsync();
        var lost = ExpectMsg<RunNodeLost>(Timeout);
        Assert.Equal(address, lost.Address);
        Sys.Stop(watcher);
    }

    [Fact]
    public async Task OneForkRequestStartsManyInstancesThatAllContinueFromTheSnapshot()
    {
        // The pause is asked for at the program's first line, which leaves it the whole run (about a second, with
        // compiled code) to arrive mid-run even on a loaded machine; waiting for a later line could see it finish first.
        // Not much longer: the four forks and the original then share two cores within the timeout.
        var arguments = new[] { "300", "20", "700000" };
        var (snapshot, deployed, original) = await StoredSnapshots.OfCounterMidRunAsync(Sys, Orchestrator, arguments, "run-1", Timeout);
        await Orchestrator.ResumeAsync(deployed.InstanceId);

        var outputs = Enumerable.Range(0, 4).Select(_ => new ProgramOutput(Sys)).ToArray();
        var fanOut = Sys.ActorOf(Props.Create(() => new FanOut(outputs.Select(o => o.Ref).ToArray())));
        var forked = await Orchestrator.ForkAsync(snapshot.SnapshotId, Granularity.Page, CopyMode.Cow, 4, fanOut, "run-2");

        Assert.Equal(4, forked.InstanceIds.Distinct().Count());
        var reference = RunLocally("counter", arguments);
        await Task.WhenAll(outputs.Select(o => o.Ended.WaitAsync(Timeout)));
        await AwaitEndAsync(original);
        foreach (var o in outputs)
        {
            Assert.IsType<InstanceExited>(await o.Ended);
            Assert.EndsWith(o.Text(), reference, StringComparison.Ordinal);
            Assert.Contains("done:", o.Text(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AWholeSnapshotFetchedInFrameSizedPartsLosesNothing()
    {
        var arguments = new[] { "200", "20", "2000000" }; // paused at its first line: still running when the pause arrives
        var (snapshot, deployed, _) = await StoredSnapshots.OfCounterMidRunAsync(Sys, Orchestrator, arguments, "run-1", Timeout);
        await Orchestrator.ResumeAsync(deployed.InstanceId);
        Assert.True(snapshot.Bytes > 3 * RunNodes[0].Settings.RemoteChunkBytes, "the snapshot must span several Akka.Remote frames");

        var (forked, forkOutput) = await ForkAsync(snapshot.SnapshotId, CopyMode.NoCow, Granularity.Wasm, node: "run-2");
        Assert.True(forked.Cost.BytesBeforeFirstInstruction >= snapshot.Bytes - 1024);
        Assert.IsType<InstanceExited>(await AwaitEndAsync(forkOutput));
        Assert.EndsWith(forkOutput.Text(), RunLocally("counter", arguments), StringComparison.Ordinal);
        Assert.True(forkOutput.IsContiguous());
    }

    /// <summary>Hands each forked instance's messages to its own collector (instances in order of appearance).</summary>
    private sealed class FanOut : ReceiveActor
    {
        public FanOut(IActorRef[] targets)
        {
            var assigned = new Dictionary<string, IActorRef>();
            Receive<IWasmActorsMessage>(m =>
            {
                var id = m switch
                {
                    InstanceOutput o => o.InstanceId,
                    InstanceExited e => e.InstanceId,
                    InstanceTrapped t => t.InstanceId,
                    InstanceStopped s => s.InstanceId,
                    _ => "",
                };
                if (!assigned.TryGetValue(id, out var target) && assigned.Count < targets.Length)
                {
                    assigned[id] = target = targets[assigned.Count];
                }

                target?.Forward(m);
            });
        }
    }
}
