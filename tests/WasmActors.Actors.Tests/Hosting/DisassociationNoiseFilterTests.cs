using Akka.Event;
using WasmActors.Actors.Hosting;

namespace WasmActors.Actors.Tests;

/// <summary>A node's log leaves out the "Disassociated" error every peer's leaving causes, and nothing else.</summary>
public sealed class DisassociationNoiseFilterTests
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
    public void OtherErrorsAndWarningsAboutPeersAreKept()
    {
        Assert.Equal(LogFilterDecision.Keep, _filter.ShouldKeepMessage(new Error(new InvalidOperationException("boom"), "endpointWriter", typeof(object), "Disassociated")));
        Assert.Equal(LogFilterDecision.Keep, _filter.ShouldKeepMessage(new Error(null, "x", typeof(object), "a real failure")));
        Assert.Equal(LogFilterDecision.Keep, _filter.ShouldKeepMessage(new Warning("x", typeof(object), "Association with remote system has failed; address is now gated for 5000 ms")));
    }
}
