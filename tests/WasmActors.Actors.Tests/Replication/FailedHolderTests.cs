using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A holder whose copy of a snapshot cannot serve a fetch (it answers <see cref="SnapshotDataFailed"/>) is left for
/// another memory node holding the snapshot, and the fork carries on; only when no holder can serve it does the fork
/// fail, naming each holder tried and why (docs/adr-022-snapshot-replication.md, decision 8). The failing holder is a
/// <see cref="LostCopy"/> actor standing in for a memory node's snapshot actor; the other holder is memory-1.
/// </summary>
/// <remarks>
/// Without module prefetch: a prefetch makes the snapshot's proxy for memory-1 when it is announced, at a time of its
/// own, and the forks below should each be the first to name a holder.
/// </remarks>
public sealed class FailedHolderTests(ITestOutputHelper output) : WasmActorsTestKit(output, "wasmactors.run-node.module-prefetch = off")
{
    private const string LostChunks = "this copy has lost its chunks";

    [Fact]
    public async Task AForkWhoseHolderLostItsChunksCarriesOnFromAnotherHolder()
    {
        var arguments = new[] { "200", "20", "2000000" }; // paused at its first line: still running when the pause arrives
        var (snapshot, deployed, _) = await StoredSnapshots.OfCounterMidRunAsync(Sys, Orchestrator, arguments, "run-1", Timeout);
        await Orchestrator.StopAsync(deployed.InstanceId);
        var located = await Orchestrator.LocateAsync(snapshot.SnapshotId);

        // The fork's holder serves the manifest (from memory-1's copy) and fails every chunk request.
        var lost = Sys.ActorOf(Props.Create(() => new LostCopy(located.Actor, TestActor)));
        var forkOutput = new ProgramOutput(Sys);
        var forked = await RunNode().Ask<object>(new ForkFrom(1, new SnapshotRef(snapshot.SnapshotId, "memory-lost", lost, null), Granularity.Page, CopyMode.NoCow, 1, forkOutput.Ref), Timeout);

        Assert.IsType<Forked>(forked);
        Assert.Equal(SnapshotDataKind.Chunks, ExpectMsg<FetchSnapshotData>(Timeout).Kind); // the failed fetch the fork outlived
        Assert.IsType<InstanceExited>(await AwaitEndAsync(forkOutput));
        Assert.EndsWith(forkOutput.Text(), RunLocally("counter", arguments), StringComparison.Ordinal);
        Assert.Contains("done:", forkOutput.Text(), StringComparison.Ordinal);
    }

    /// <summary>
    /// The snapshot's proxy was made for memory-1 by a first fork; a second fork names another holder (here one whose
    /// copy lost its chunks): the proxy moves to the holder the fork named before serving it, then on from there.
    /// Without the move it would fetch from memory-1 and the named holder would see no request. (A proxy made for a
    /// holder that died unseen would otherwise keep every new fork waiting out the holder timeout.)
    /// </summary>
    [Fact]
    public async Task AForkNamingAnotherHolderThanItsSnapshotsProxyFetchesFromTheOneItNamed()
    {
        var arguments = new[] { "200", "20", "2000000" };
        var (snapshot, deployed, _) = await StoredSnapshots.OfCounterMidRunAsync(Sys, Orchestrator, arguments, "run-1", Timeout);
        await Orchestrator.StopAsync(deployed.InstanceId);
        var located = await Orchestrator.LocateAsync(snapshot.SnapshotId);
        var first = new ProgramOutput(Sys);
        Assert.IsType<Forked>(await RunNode().Ask<object>(new ForkFrom(1, located, Granularity.Page, CopyMode.NoCow, 1, first.Ref), Timeout));
        Assert.IsType<InstanceExited>(await AwaitEndAsync(first));

        var lost = Sys.ActorOf(Props.Create(() => new LostCopy(located.Actor, TestActor)));
        var second = new ProgramOutput(Sys);
        var forked = await RunNode().Ask<object>(new ForkFrom(2, new SnapshotRef(snapshot.SnapshotId, "memory-lost", lost, null), Granularity.Page, CopyMode.Cow, 1, second.Ref), Timeout);

        Assert.IsType<Forked>(forked);
        Assert.Equal(SnapshotDataKind.Chunks, ExpectMsg<FetchSnapshotData>(Timeout).Kind);
        Assert.IsType<InstanceExited>(await AwaitEndAsync(second));
        Assert.Equal(first.Text(), second.Text());
        Assert.Contains("done:", second.Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task WhenNoHolderCanServeAFetchTheForkFailsNamingEachHolderTriedAndWhy()
    {
        // No memory node holds this snapshot; its one holder fails every request.
        var lost = Sys.ActorOf(Props.Create(() => new LostCopy(null, TestActor)));
        var reply = await RunNode().Ask<object>(new ForkFrom(1, new SnapshotRef("s-lost", "memory-lost", lost, null), Granularity.Page, CopyMode.NoCow, 1, TestActor), Timeout);

        var failed = Assert.IsType<OperationFailed>(reply);
        Output!.WriteLine(failed.Reason);
        Assert.Contains($"snapshot source unavailable: no memory node could serve snapshot s-lost: memory-lost answered \"{LostChunks}\", and no other memory node up holds it", failed.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AHolderRefusesAFetchForAnotherSnapshotThanItsOwn()
    {
        var (snapshot, deployed, _) = await StoredSnapshots.OfCounterMidRunAsync(Sys, Orchestrator, ["200", "20", "2000000"], "run-1", Timeout);
        await Orchestrator.StopAsync(deployed.InstanceId);
        var located = await Orchestrator.LocateAsync(snapshot.SnapshotId);

        located.Actor.Tell(new FetchSnapshotData(7, "s-another", SnapshotDataKind.Manifest, [], 0), TestActor);
        var refused = ExpectMsg<SnapshotDataFailed>(Timeout);
        Assert.Equal(7, refused.RequestId);
        Assert.Equal($"this holder's snapshot is {snapshot.SnapshotId}, not s-another", refused.Reason);

        located.Actor.Tell(new FetchSnapshotData(8, snapshot.SnapshotId, SnapshotDataKind.Manifest, [], 0), TestActor);
        Assert.Equal(8, ExpectMsg<SnapshotDataPart>(Timeout).RequestId); // its own snapshot is served
    }

    private IActorRef RunNode() => Sys.ActorSelection(RunNodes[0].Address + "/user/run").ResolveOne(Timeout).GetAwaiter().GetResult();

    /// <summary>
    /// A holder whose copy has lost its chunks: passes manifest requests to <paramref name="intact"/> (the snapshot
    /// actor of a whole copy; none: fails them too), answers every other request with <see cref="SnapshotDataFailed"/>
    /// and tells <paramref name="observer"/> of each request it failed.
    /// </summary>
    private sealed class LostCopy : ReceiveActor
    {
        public LostCopy(IActorRef? intact, IActorRef observer)
        {
            Receive<FetchSnapshotData>(fetch =>
            {
                if (fetch.Kind == SnapshotDataKind.Manifest && intact is not null)
                {
                    intact.Forward(fetch);
                    return;
                }

                Sender.Tell(new SnapshotDataFailed(fetch.RequestId, LostChunks));
                observer.Tell(fetch);
            });
        }
    }
}
