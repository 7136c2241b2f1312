using Akka.Actor;
using Akka.Cluster;
using WasmActors.Actors.Messages;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Orchestration;

/// <summary>
/// An orchestrator's DeathWatch on the run nodes: watches the run actor of every run node that comes Up and tells
/// its subscriber <see cref="RunNodeLost"/> when one terminates (node stopped, or removed from
/// the cluster after being unreachable).
/// </summary>
internal sealed class RunNodeWatcher : ReceiveActor
{
    private readonly Dictionary<IActorRef, string> _watched = [];

    public RunNodeWatcher(IActorRef subscriber)
    {
        Receive<ClusterEvent.CurrentClusterState>(state =>
        {
            foreach (var member in state.Members.Where(m => m.Status == MemberStatus.Up))
            {
                Watch(member);
            }
        });
        Receive<ClusterEvent.MemberUp>(m => Watch(m.Member));
        Receive<ActorIdentity>(identity =>
        {
            if (identity.Subject is { } actor && identity.MessageId is string address)
            {
                _watched[actor] = address;
                Context.Watch(actor);
            }
        });
        Receive<Terminated>(t =>
        {
            if (_watched.Remove(t.ActorRef, out var address))
            {
                subscriber.Tell(new RunNodeLost(address));
            }
        });
    }

    public static Props Props(IActorRef subscriber) => Akka.Actor.Props.Create(() => new RunNodeWatcher(subscriber));

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.MemberUp));

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    private void Watch(Member member)
    {
        if (member.HasRole("run"))
        {
            Context.ActorSelection(member.Address + RunNodeActor.Path).Tell(new Identify(member.Address.ToString()));
        }
    }
}
