using Akka.Actor;
using Akka.Cluster;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

// The run node ↔ memory node watch protocol (local):
//
//   PickMemoryNode → MemoryNodePicked (at once, or when a memory node comes up); after the wait the watch fails the
//                    request's requester itself with OperationFailed.
//
// With module prefetch on, the watch asks each memory node it sees come up for what it holds (ListHeldSnapshots), the
// answer (HeldSnapshots) going to the run node.

/// <summary>Which memory node should store <paramref name="Request"/>'s snapshot (a <see cref="TakeSnapshot"/> or <see cref="MigrateTo"/>).</summary>
internal sealed record PickMemoryNode(ICorrelatedMessage Request, string Operation, IActorRef Requester) : INoSerializationVerificationNeeded;

internal sealed record MemoryNodePicked(ICorrelatedMessage Request, IActorRef Requester, Address MemoryNode) : INoSerializationVerificationNeeded;

/// <summary>
/// The run node's view of the memory nodes, a child of the run node that follows cluster membership and picks one
/// in turn (<see cref="MemoryNodes"/>). Membership news spreads by gossip, so an orchestrator can see a memory node
/// Up a second before this node does; a snapshot or migration asked for in that window waits for it (at most
/// wasmactors.run-node.memory-node-wait) instead of failing at once. With <c>askHeld</c>, each memory node it sees
/// come up is asked for its snapshots on behalf of the run node, which prefetches their code (ADR-024).
/// </summary>
internal sealed class MemoryNodeWatch : ReceiveActor, IWithTimers
{
    public const string Name = "memory-nodes";

    private readonly MemoryNodes _memoryNodes = new();
    private readonly List<(PickMemoryNode Pick, IActorRef ReplyTo)> _waiting = [];
    private readonly TimeSpan _wait;
    private readonly bool _askHeld;

    public MemoryNodeWatch(TimeSpan wait, bool askHeld)
    {
        _wait = wait;
        _askHeld = askHeld;
        Receive<PickMemoryNode>(pick =>
        {
            if (_memoryNodes.Next() is { } memory)
            {
                Sender.Tell(new MemoryNodePicked(pick.Request, pick.Requester, memory));
                return;
            }

            _waiting.Add((pick, Sender));
            if (!Timers.IsTimerActive(nameof(WaitOver)))
            {
                Timers.StartSingleTimer(nameof(WaitOver), WaitOver.Instance, _wait);
            }
        });
        Receive<WaitOver>(_ =>
        {
            foreach (var (pick, _) in _waiting)
            {
                pick.Requester.Tell(new OperationFailed(pick.Request.RequestId, pick.Operation, $"no memory node is up in the cluster (waited {_wait.TotalSeconds:0.#} s)"));
            }

            _waiting.Clear();
        });
        Receive<ClusterEvent.MemberUp>(m => MemberUp(m.Member));
        Receive<ClusterEvent.CurrentClusterState>(m =>
        {
            foreach (var member in m.Unreachable)
            {
                _memoryNodes.Unreachable(member.Address);
            }

            foreach (var member in m.Members.Where(x => x.Status == MemberStatus.Up))
            {
                MemberUp(member);
            }
        });
        Receive<ClusterEvent.IMemberEvent>(m =>
        {
            if (m is ClusterEvent.MemberRemoved or ClusterEvent.MemberExited or ClusterEvent.MemberLeft or ClusterEvent.MemberDowned)
            {
                _memoryNodes.Gone(m.Member.Address);
            }
        });
        Receive<ClusterEvent.UnreachableMember>(m => _memoryNodes.Unreachable(m.Member.Address));
        Receive<ClusterEvent.ReachableMember>(m => _memoryNodes.Reachable(m.Member.Address));
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(TimeSpan wait, bool askHeld) => Akka.Actor.Props.Create(() => new MemoryNodeWatch(wait, askHeld));

    protected override void PreStart() =>
        Cluster.Get(Context.System).Subscribe(Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsSnapshot, typeof(ClusterEvent.IMemberEvent), typeof(ClusterEvent.UnreachableMember), typeof(ClusterEvent.ReachableMember));

    protected override void PostStop() => Cluster.Get(Context.System).Unsubscribe(Self);

    private void MemberUp(Member member)
    {
        if (!_memoryNodes.Up(member))
        {
            return;
        }

        if (_askHeld)
        {
            Context.ActorSelection(new RootActorPath(member.Address) / "user" / MemoryNode.SnapshotStoreActor.Name).Tell(new ListHeldSnapshots(0), Context.Parent);
        }

        if (_waiting.Count == 0)
        {
            return;
        }

        Timers.Cancel(nameof(WaitOver));
        foreach (var (pick, replyTo) in _waiting)
        {
            replyTo.Tell(new MemoryNodePicked(pick.Request, pick.Requester, _memoryNodes.Next()!));
        }

        _waiting.Clear();
    }

    /// <summary>Captures asked for before any memory node was known have waited long enough: fail them.</summary>
    private sealed record WaitOver : INoSerializationVerificationNeeded
    {
        public static WaitOver Instance { get; } = new();
    }
}
