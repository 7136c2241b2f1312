using Akka.Actor;
using Akka.Cluster;
using WasmActors.Actors.MemoryNode;
using WasmActors.Actors.Messages;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Hosting;

/// <summary>
/// A node's answer to "which run and memory nodes are Up?" for clients that are not members (ADR-018). It follows
/// membership, finds each Up member's run and memory actors and their names as they come, and keeps them, so a
/// client's question costs one round trip. Members it cannot reach are left out of its answers. Every node runs one,
/// registered with the ClusterClientReceptionist.
/// </summary>
internal sealed class ClusterDirectoryActor : ReceiveActor, IWithTimers
{
    public const string Name = "directory";
    public const string Path = "/user/" + Name;

    private static readonly (string Service, string Path)[] Services = [("run", RunNodeActor.Path), ("memory", SnapshotStoreActor.Path)];

    private readonly Dictionary<IActorRef, DirectoryEntry> _entries = [];
    private readonly Dictionary<IActorRef, (string Service, string Address)> _pending = [];

    // host:port of members removed lately, and when: a node restarting there waits until every member has seen it.
    private readonly Dictionary<string, DateTime> _removed = new(StringComparer.Ordinal);
    private static readonly TimeSpan RemovedKept = TimeSpan.FromMinutes(5);

    public ClusterDirectoryActor()
    {
        Receive<ClusterEvent.MemberUp>(m => Find(m.Member));
        Receive<ClusterEvent.MemberRemoved>(m =>
        {
            Forget(m.Member.Address);
            Removed(m.Member.Address);
        });
        Receive<ClusterEvent.IMemberEvent>(_ => { });
        Receive<ActorIdentity>(identity =>
        {
            // The message id travels with Identify, so it is a string: "SERVICE ADDRESS".
            if (identity.Subject is null && identity.MessageId is string missing && missing.Split(' ') is [var notYet, var at] && IsUp(at))
            {
                // A node's roles may start a moment after it is Up (an application's host starts them once its
                // ActorSystem runs): ask again until the actor answers or the member leaves.
                Timers.StartSingleTimer($"{notYet} {at}", new Retry(notYet, at), RetryDelay);
                return;
            }

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
        Receive<Retry>(r =>
        {
            if (IsUp(r.Address))
            {
                Identify(r.Service, r.Address);
            }
        });
        Receive<GetEarlierIncarnation>(m => Sender.Tell(EarlierIncarnations.Answer(Cluster.Get(Context.System), m, _removed.ContainsKey(m.HostAndPort))));
        Receive<GetDirectory>(m => Sender.Tell(new ClusterDirectory(m.RequestId, [.. Reachable().OrderBy(e => e.Name, StringComparer.Ordinal)])));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props() => Akka.Actor.Props.Create(() => new ClusterDirectoryActor());

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    private static readonly TimeSpan RetryDelay = TimeSpan.FromMilliseconds(250);

    private void Find(Member member)
    {
        foreach (var (service, _) in Services.Where(s => member.HasRole(s.Service)))
        {
            Identify(service, member.Address.ToString());
        }
    }

    private void Identify(string service, string address) =>
        Context.ActorSelection(address + Services.First(s => s.Service == service).Path).Tell(new Identify($"{service} {address}"));

    /// <summary>
    /// The entries of members this node can reach: a node that died or stalled is left out as soon as the failure
    /// detector says so, rather than once the cluster removes it, so that `ls` or `stats` do not wait for its answer.
    /// </summary>
    private IEnumerable<DirectoryEntry> Reachable()
    {
        var unreachable = Cluster.Get(Context.System).State.Unreachable.Select(m => m.Address.ToString()).ToHashSet(StringComparer.Ordinal);
        return _entries.Values.Where(e => !unreachable.Contains(e.Address));
    }

    private bool IsUp(string address) =>
        Cluster.Get(Context.System).State.Members.Any(m => m.Status == MemberStatus.Up && m.Address.ToString() == address);

    private sealed record Retry(string Service, string Address);

    private void Removed(Address address)
    {
        var now = DateTime.UtcNow;
        foreach (var old in _removed.Where(r => now - r.Value > RemovedKept).Select(r => r.Key).ToArray())
        {
            _removed.Remove(old);
        }

        _removed[EarlierIncarnations.HostAndPort(address)] = now;
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
