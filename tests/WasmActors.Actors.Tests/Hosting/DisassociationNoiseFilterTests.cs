using Akka.Event;
using WasmActors.Actors.Hosting;

namespace WasmActors.Actors.Tests;

/// <summary>A node's log leaves out the "Disassociated" error and the "Removing receive buffers" line every peer's leaving causes, and nothing else.</summary>
public sealed class DisassociationNoiseFilterTests : Akka.TestKit.Xunit2.TestKit
{
    private readonly DisassociationNoiseFilter _filter = new();

    [Fact]
    public void TheDisassociatedErrorIsDropped()
    {
        // The exception type is internal to Akka.Remote: made the way Akka.Remote makes it.
        var type = typeof(Akka.Remote.RemoteTransportException).Assembly.GetType("Akka.Remote.EndpointDisassociatedException", throwOnError: true)!;
        var cause = (Exception)Activator.CreateInstance(type, System.Reflection.BindingFlags.Instance | System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic, null, ["Disassociated"], null)!;
        Assert.Equal(LogFilterDecision.Drop, _filter.ShouldKeepMessage(new Error(cause, "endpointWriter", typeof(object), "Disassociated")));
    }

    [Fact]
    public void TheReceiveBuffersLineOfAnEndedAssociationIsDropped()
    {
        // Logged as Akka.Remote's reliable-delivery actor (internal) logs it as it stops: through the system's logging
        // bus, with this format; the filter sees the event and the whole line, as Akka's log filter evaluator passes them.
        var source = typeof(Akka.Remote.RemoteTransportException).Assembly.GetType("Akka.Remote.ReliableDeliverySupervisor", throwOnError: true)!;
        Sys.EventStream.Subscribe(TestActor, typeof(Info));
        var log = new BusLogging(Sys.EventStream, "akka.ssl.tcp://wasmactors@127.0.0.1:4053/system/endpointManager/reliableEndpointWriter-x-1", source, Sys.Settings.LogFormatter);
        log.Info("Removing receive buffers for [{0}]->[{1}]", "akka.ssl.tcp://wasmactors@127.0.0.1:4053", "akka.ssl.tcp://wasmactors@127.0.0.1:40001");
        var line = ExpectMsg<Info>();
        Assert.Equal(LogFilterDecision.Drop, _filter.ShouldKeepMessage(line, line.ToString()));
    }

    [Fact]
    public void OtherErrorsAndWarningsAboutPeersAreKept()
    {
        var reliableDelivery = typeof(Akka.Remote.RemoteTransportException).Assembly.GetType("Akka.Remote.ReliableDeliverySupervisor", throwOnError: true)!;
        Assert.Equal(LogFilterDecision.Keep, _filter.ShouldKeepMessage(new Info("x", reliableDelivery, "Association with remote system established")));
        Assert.Equal(LogFilterDecision.Keep, _filter.ShouldKeepMessage(new Info("x", typeof(object), "Removing receive buffers for [a]->[b]")));
        Assert.Equal(LogFilterDecision.Keep, _filter.ShouldKeepMessage(new Error(new InvalidOperationException("boom"), "endpointWriter", typeof(object), "Disassociated")));
        Assert.Equal(LogFilterDecision.Keep, _filter.ShouldKeepMessage(new Error(null, "x", typeof(object), "a real failure")));
        Assert.Equal(LogFilterDecision.Keep, _filter.ShouldKeepMessage(new Warning("x", typeof(object), "Association with remote system has failed; address is now gated for 5000 ms")));
    }
}
