using Akka.Actor;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// A DeathWatch on the nodes a request depends on, for as long as the request runs: <see cref="Lost"/> completes with
/// the reason naming the first one lost. A request to a node that died then fails within the failure detector's
/// time, naming the node, instead of after the whole ask timeout. Disposing ends the watch.
/// </summary>
internal sealed class NodeLoss : IDisposable
{
    private readonly TaskCompletionSource<string> _lost = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly IActorRef _watcher;

    private NodeLoss(ActorSystem system, IReadOnlyList<(IActorRef Actor, string Reason)> watched)
    {
        _watcher = system.ActorOf(Props.Create(() => new Watcher(watched, _lost)));
    }

    /// <summary>The description of the first watched actor whose node was lost (or that stopped).</summary>
    public Task<string> Lost => _lost.Task;

    /// <summary>Watches each actor of <paramref name="watched"/>, with the reason to give if it is lost.</summary>
    public static NodeLoss Watch(ActorSystem system, params (IActorRef Actor, string Reason)[] watched) => new(system, watched);

    public void Dispose() => _watcher.Tell(PoisonPill.Instance);

    private sealed class Watcher : ReceiveActor
    {
        public Watcher(IReadOnlyList<(IActorRef Actor, string Reason)> watched, TaskCompletionSource<string> lost)
        {
            foreach (var (actor, _) in watched)
            {
                Context.Watch(actor);
            }

            Receive<Terminated>(t => lost.TrySetResult(watched.First(w => w.Actor.Equals(t.ActorRef)).Reason));
        }
    }
}
