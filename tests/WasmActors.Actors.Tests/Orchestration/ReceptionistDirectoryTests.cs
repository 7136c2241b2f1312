using Akka.Actor;
using Akka.Cluster.Tools.Client;
using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A client's directory reuses a node's answer for a moment, but not an answer without any node of the service asked
/// for, and forgets it when a search found nothing: a cluster still forming lists its nodes as they come.
/// </summary>
public sealed class ReceptionistDirectoryTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly ActorSystem _system = ActorSystem.Create("directory", ConfigurationFactory.ParseString("akka.actor.provider = local").WithFallback(WasmActorsConfig.Reference));

    public void Dispose() => _system.Terminate().Wait(Timeout);

    [Fact]
    public async Task An_answer_without_the_service_is_not_reused_and_a_forgotten_one_is_asked_again()
    {
        // The first answer lists the run node only; every later one the memory node too.
        var node = _system.ActorOf(Props.Create(() => new ScriptedDirectory()));
        var directory = new ReceptionistDirectory(node, Timeout);

        Assert.Equal(["run-1"], (await directory.NodesAsync("run")).Select(n => n.Name));
        Assert.Equal(["memory-1"], (await directory.NodesAsync("memory")).Select(n => n.Name));
        Assert.Equal(2, await node.Ask<int>("asked", Timeout));

        // A kept answer that lists the service serves the next question.
        Assert.Equal(["run-1"], (await directory.NodesAsync("run")).Select(n => n.Name));
        Assert.Equal(2, await node.Ask<int>("asked", Timeout));

        Assert.True(directory.ForgetAnswer());
        Assert.False(directory.ForgetAnswer());
        Assert.Equal(["memory-1"], (await directory.NodesAsync("memory")).Select(n => n.Name));
        Assert.Equal(3, await node.Ask<int>("asked", Timeout));
    }

    /// <summary>Stands in for the ClusterClient and the node's directory behind it.</summary>
    private sealed class ScriptedDirectory : ReceiveActor
    {
        private int _asked;

        public ScriptedDirectory()
        {
            Receive<ClusterClient.Send>(send =>
            {
                var question = (GetDirectory)send.Message;
                _asked++;
                var run = new DirectoryEntry("run-1", "run", ["run"], "akka://directory@127.0.0.1:1", Self);
                var memory = new DirectoryEntry("memory-1", "memory", ["memory"], "akka://directory@127.0.0.1:2", Self);
                Sender.Tell(new ClusterDirectory(question.RequestId, _asked == 1 ? [run] : [run, memory]));
            });
            Receive<string>(_ => Sender.Tell(_asked));
        }
    }
}
