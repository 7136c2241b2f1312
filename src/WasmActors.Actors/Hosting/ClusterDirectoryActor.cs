using Akka.Actor;
using Akka.Cluster;
using WasmActors.Actors.MemoryNode;
using WasmActors.Actors.Messages;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// A node's answer to "which run and memory nodes are Up?" for clients that are not members (ADR-018). It follows
/// membership, finds each Up member's run and memory actors and their names as they come, and keeps them, so a
/// client's question costs one round trip. Every node runs one, registered with the ClusterClientReceptionist.
/// </summary>
internal sealed class ClusterDirectoryActor : ReceiveActor
{
    public const string Name = "directory";
    public const string Path = "/user/" + Name;

    private static readonly (string Service, string Path)[] Services = [("run", RunNodeActor.Path), ("memory", SnapshotStoreActor.Path)];

    private readonly Dictionary<IActorRef, DirectoryEntry> _entries = [];
    private readonly Dictionary<IActorRef, (string Service, string Address)> _pending = [];

    public ClusterDirectoryActor()
    {
        Receive<ClusterEvent.MemberUp>(m => Find(m.Member));
        Receive<ClusterEvent.MemberRemoved>(m => Forget(m.Member.Address));
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ActorIdentity>(identity =>
        {
            // The message id travels with Identify, so it is a string: "SERVICE ADDRESS".
            if (identity.Subject is { } actor && identity.MessageId is string asked && asked.Split(' ') is [var service, var address])
            {
                // The name comes from the node itself (wasmactors.node-name), with its roles.
                _pending[actor] = (service, address);
                Context.Watch(actor);
                actor.Tell(new GetNodeStats(0));
            }
        });
        Receive<NodeStats>(stats =>
        {
            if (_pending.Remove(Sender, out var asked))
            {
                _entries[Sender] = new DirectoryEntry(stats.Node, asked.Service, stats.Roles, asked.Address, Sender);
            }
        });
        Receive<Terminated>(t =>
        {
            _entries.Remove(t.ActorRef);
            _pending.Remove(t.ActorRef);
        });
        Receive<GetDirectory>(m => Sender.Tell(new ClusterDirectory(m.RequestId, [.. _entries.Values.OrderBy(e => e.Name, StringComparer.Ordinal)])));
    }

    public static Props Props() => Akka.Actor.Props.Create(() => new ClusterDirectoryActor());

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    private void Find(Member member)
    {
        foreach (var (service, path) in Services.Where(s => member.HasRole(s.Service)))
        {
            Context.ActorSelection(member.Address + path).Tell(new Identify($"{service} {member.Address}"));
        }
    }

    private void Forget(Address address)
    {
        foreach (var actor in _entries.Keys.Concat(_pending.Keys).Where(a => a.Path.Address == address).ToArray())
        {
            _entries.Remove(actor);
            _pending.Remove(actor);
        }
    }
}
