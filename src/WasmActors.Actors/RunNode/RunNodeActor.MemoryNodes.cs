using Akka.Actor;
using Akka.Cluster;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The run node's view of the memory nodes. Membership news spreads by gossip, so an orchestrator can see a memory
/// node Up a second before this node does; a snapshot or migration asked for in that window waits for it (at most
/// wasmactors.run-node.memory-node-wait) instead of failing at once.
/// </summary>
internal sealed partial class RunNodeActor
{
    private readonly MemoryNodes _memoryNodes = new();
    private readonly List<(ICorrelatedMessage Request, string Operation, IActorRef Sender)> _waitingForMemoryNode = [];

    private TimeSpan MemoryNodeWait => _settings.RunNode.MemoryNodeWait;

    private void ReceiveMembership()
    {
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
        Receive<MemoryNodeWaitOver>(_ =>
        {
            foreach (var (request, operation, sender) in _waitingForMemoryNode)
            {
                sender.Tell(new OperationFailed(request.RequestId, operation, $"no memory node is up in the cluster (waited {MemoryNodeWait.TotalSeconds:0.#} s)"));
            }

            _waitingForMemoryNode.Clear();
        });
    }

    private void MemberUp(Member member)
    {
        if (_memoryNodes.Up(member) && _waitingForMemoryNode.Count > 0)
        {
            Timers.Cancel(nameof(MemoryNodeWaitOver));
            foreach (var (request, _, sender) in _waitingForMemoryNode)
            {
                Self.Tell(request, sender);
            }

            _waitingForMemoryNode.Clear();
        }
    }

    /// <summary>The memory node to store the next snapshot on; null (and the request kept for later) when none is known yet.</summary>
    private Address? MemoryNodeFor(ICorrelatedMessage request, string operation)
    {
        if (_memoryNodes.Next() is { } memory)
        {
            return memory;
        }

        _waitingForMemoryNode.Add((request, operation, Sender));
        if (!Timers.IsTimerActive(nameof(MemoryNodeWaitOver)))
        {
            Timers.StartSingleTimer(nameof(MemoryNodeWaitOver), MemoryNodeWaitOver.Instance, MemoryNodeWait);
        }

        return null;
    }
}
