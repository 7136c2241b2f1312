using Akka.Actor;
using Akka.Configuration;
using Akka.TestKit;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Actors.RunNode;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A snapshot or migration runs in a child of its instance actor (docs/adr-016-capture-as-a-child-actor.md): when it
/// ends it stops, and what it still awaited can no longer reach anyone.
/// </summary>
public sealed class CaptureActorTests() : Akka.TestKit.Xunit2.TestKit(ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(WasmActorsConfig.Reference))
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task AReplyToACaptureThatEndedNeverReachesTheNextOne()
    {
        var programOutput = new ProgramOutput(Sys);
        var wasm = File.ReadAllBytes(RepositoryFiles.Sample("counter"));
        var settings = WasmActorsSettings.Create(Sys.Settings.Config, "127.0.0.1:0");
        var instance = Sys.ActorOf(InstanceActorProducer.Props("i-local", "here", new FreshProgram("counter", wasm, ["1000000", "10", "20000"], []), programOutput.Ref, settings, new InstanceGuard(settings.RunNode.Limits, null)));
        await programOutput.WaitForAsync(t => t.Contains("step 20 ", StringComparison.Ordinal), Patience);
        var memory = CreateTestProbe();

        // The first capture's upload is refused: the capture reports it and stops.
        instance.Tell(Capture(1, memory));
        var (firstUpload, firstCapture) = ReceiveUpload(memory);
        firstCapture.Tell(new OperationFailed(firstUpload, "snapshot", "disk full"), memory.Ref);
        var failed = ExpectMsg<OperationFailed>(Patience);
        Assert.Equal((1L, "disk full"), (failed.RequestId, failed.Reason));

        // The next capture is another child that counts its upload ids from its own start: a late reply to the
        // first, even one carrying the very id the second waits for, goes to the stopped child and reaches no one.
        instance.Tell(Capture(2, memory));
        var (secondUpload, secondCapture) = ReceiveUpload(memory);
        Assert.NotEqual(firstCapture, secondCapture);
        Assert.Equal(firstUpload, secondUpload);
        firstCapture.Tell(Stored(secondUpload, "s-stale", memory), memory.Ref);
        secondCapture.Tell(Stored(secondUpload, "s-second", memory), memory.Ref);
        var taken = ExpectMsg<SnapshotTaken>(Patience);
        Assert.Equal((2L, "s-second"), (taken.RequestId, taken.SnapshotId));

        instance.Tell(new StopInstance(3, "i-local"));
        Assert.IsType<InstanceStopped>(await programOutput.Ended.WaitAsync(Patience));
    }

    private CaptureRequest Capture(long requestId, TestProbe memory) =>
        new(requestId, TestActor, false, Sys.ActorSelection(memory.Ref.Path), memory.Ref.Path.Address, null);

    private static SnapshotStored Stored(long uploadId, string snapshotId, TestProbe memory) =>
        new(uploadId, new SnapshotRef(snapshotId, "memory-x", memory.Ref, null), 1, 100);

    /// <summary>Every part of one upload; its id and the capture that sent it.</summary>
    private static (long UploadId, IActorRef Capture) ReceiveUpload(TestProbe memory)
    {
        var parts = new HashSet<int>();
        SnapshotUploadPart part;
        do
        {
            part = memory.ExpectMsg<SnapshotUploadPart>(Patience);
            parts.Add(part.Part);
        }
        while (parts.Count < part.Parts);

        return (part.RequestId, memory.LastSender);
    }
}
