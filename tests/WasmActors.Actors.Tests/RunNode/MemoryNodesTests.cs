using Akka.Actor;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Which memory node a run node stores a snapshot on: in turn, passing over unreachable ones while a reachable one
/// exists, and never answering "none" while a node is up but late with its heartbeats.
/// </summary>
public sealed class MemoryNodesTests
{
    private static readonly Address A = new("akka.ssl.tcp", "wasmactors", "127.0.0.1", 4001);
    private static readonly Address B = new("akka.ssl.tcp", "wasmactors", "127.0.0.1", 4002);

    [Fact]
    public void NoneUpGivesNone()
    {
        var nodes = new MemoryNodes();
        Assert.Null(nodes.Next());
    }

    [Fact]
    public void UpNodesAreUsedInTurnAndOnlyOnce()
    {
        var nodes = new MemoryNodes();
        nodes.Up(A);
        nodes.Up(B);
        nodes.Up(A);
        Assert.Equal(new[] { A, B, A, B }, new[] { nodes.Next(), nodes.Next(), nodes.Next(), nodes.Next() });
    }

    [Fact]
    public void AnUnreachableNodeIsPassedOverWhileAnotherIsReachable()
    {
        var nodes = new MemoryNodes();
        nodes.Up(A);
        nodes.Up(B);
        nodes.Unreachable(A);
        Assert.Equal(new[] { B, B, B }, new[] { nodes.Next(), nodes.Next(), nodes.Next() });
        nodes.Reachable(A);
        Assert.Contains(A, new[] { nodes.Next(), nodes.Next() });
    }

    [Fact]
    public void AnUnreachableNodeIsStillUsedWhenItIsTheOnlyOne()
    {
        var nodes = new MemoryNodes();
        nodes.Up(A);
        nodes.Unreachable(A);
        Assert.Equal(A, nodes.Next());
    }

    [Fact]
    public void ANodeThatLeftIsNotUsed()
    {
        var nodes = new MemoryNodes();
        nodes.Up(A);
        nodes.Up(B);
        nodes.Unreachable(B);
        nodes.Gone(B);
        nodes.Gone(A);
        Assert.Null(nodes.Next());
        nodes.Up(B);
        Assert.Equal(B, nodes.Next()); // a node that rejoins is reachable until told otherwise
    }
}
