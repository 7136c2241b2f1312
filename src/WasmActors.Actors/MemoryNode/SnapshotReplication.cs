using Akka.Actor;
using Akka.Cluster;
using Akka.DistributedData;
using Akka.Event;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Format;

namespace WasmActors.Actors.MemoryNode;

/// <summary>An upload whose holder-map entry is being written; acknowledged once the write is done.</summary>
internal sealed record HolderWrite(string SnapshotId, string FromInstance, UploadAck Ack) : INoSerializationVerificationNeeded;

/// <summary>
/// The registry's part in replication (docs/adr-022-snapshot-replication.md), on the registry's thread: it
/// records this node in the holder map for each snapshot it stores, acknowledges an upload once the other holders
/// wasmactors.memory-node.replicas asks for have a copy (<see cref="ReplicaPush"/>), passes deletions on to the
/// other holders, and, when a memory node leaves or joins, copies the snapshots that fell short of the count
/// (the surviving holder first in address order does it, so a snapshot is copied once). Copies take the bulk path
/// where this node has one (<paramref name="copies"/>).
/// </summary>
internal sealed class SnapshotReplication(WasmActorsSettings settings, ReplicaBulkPath? copies)
{
    private readonly RunNode.MemoryNodes _memoryNodes = new();
    private readonly ReplicaCount _count = new(settings.MemoryNode.Replicas);
    private readonly HashSet<string> _pushing = new(StringComparer.Ordinal);
    private ORMultiValueDictionary<string, string> _map = ORMultiValueDictionary<string, string>.Empty;
    private long _nextPush;

    /// <summary>Follows membership and the holder map.</summary>
    public static void Subscribe(IActorContext context)
    {
        Cluster.Get(context.System).Subscribe(context.Self, ClusterEvent.SubscriptionInitialStateMode.InitialStateAsEvents, typeof(ClusterEvent.IMemberEvent));
        HolderMap.Replicator(context.System).Tell(Dsl.Subscribe(HolderMap.Key, context.Self));
    }

    public static void Unsubscribe(IActorContext context) => Cluster.Get(context.System).Unsubscribe(context.Self);

    public void MapChanged(ORMultiValueDictionary<string, string> map) => _map = map;

    /// <summary>A snapshot read back from the durable store at start: this node holds it (again).</summary>
    public static void Held(IActorContext context, string snapshotId) =>
        HolderMap.Replicator(context.System).Tell(HolderMap.Add(Cluster.Get(context.System), snapshotId, Cluster.Get(context.System).SelfAddress, Dsl.WriteLocal));

    /// <summary>
    /// An upload (or a copy) is durably here: record it in the holder map with a majority write, so that once the
    /// uploader hears of it a majority read finds every holder; the acknowledgement follows the write.
    /// </summary>
    public void Stored(IActorContext context, SnapshotInfo info, UploadAck ack)
    {
        var cluster = Cluster.Get(context.System);
        HolderMap.Replicator(context.System).Tell(HolderMap.Add(cluster, info.SnapshotId, cluster.SelfAddress, new WriteMajority(settings.HolderTimeout), new HolderWrite(info.SnapshotId, info.FromInstance, ack)));
    }

    /// <summary>
    /// The holder map has the entry (or the majority write timed out: the entry is here and spreads by gossip). A
    /// copy is acknowledged to the node that pushed it; an upload first goes to as many peers as the count wants.
    /// </summary>
    public void HolderWritten(IActorContext context, HolderWrite write)
    {
        var ack = write.Ack;
        var peers = Peers(context);
        var target = Target(context);
        if (ack.Replica || target <= 1)
        {
            ack.Uploader.Tell(ack.Stored);
            return;
        }

        Push(context, new ReplicaOrder(write.SnapshotId, write.FromInstance, ack.File, ack.Flattened, peers, target - 1, ack.Uploader, ack.Stored));
    }

    public void PushDone(IActorContext context, ReplicaPushDone done)
    {
        _pushing.Remove(done.SnapshotId);
        if (done.Failure is not null)
        {
            context.GetLogger().Warning("snapshot {0}: {1}", done.SnapshotId, done.Failure);
        }
    }

    /// <summary>Snapshots dropped here: out of the holder map, and (a request, not a holder's copy of one) dropped from the other holders too.</summary>
    public void Deleted(IActorContext context, IReadOnlyList<string> snapshotIds, bool replica)
    {
        var cluster = Cluster.Get(context.System);
        HolderMap.Replicator(context.System).Tell(HolderMap.Remove(cluster, cluster.SelfAddress, snapshotIds.ToArray()));
        if (replica)
        {
            return;
        }

        foreach (var id in snapshotIds)
        {
            foreach (var holder in HolderMap.HoldersOf(_map, id).Where(h => h != cluster.SelfAddress))
            {
                context.ActorSelection(new RootActorPath(holder) / "user" / SnapshotStoreActor.Name).Tell(new DeleteSnapshot(0, id) { Replica = true }, context.Self);
            }
        }
    }

    /// <summary>A membership change: a memory node that left is no holder any more; then snapshots short of the count are copied.</summary>
    public void MemberEvent(IActorContext context, ClusterEvent.IMemberEvent change, IReadOnlyDictionary<string, (Snapshot.SnapshotImage Image, string FromInstance)> held)
    {
        if (change is ClusterEvent.MemberUp up)
        {
            if (!_memoryNodes.Up(up.Member))
            {
                return;
            }
        }
        else if (change is ClusterEvent.MemberRemoved or ClusterEvent.MemberExited or ClusterEvent.MemberLeft or ClusterEvent.MemberDowned && change.Member.HasRole("memory"))
        {
            _memoryNodes.Gone(change.Member.Address);
            if (change is ClusterEvent.MemberRemoved)
            {
                HolderMap.Replicator(context.System).Tell(HolderMap.Remove(Cluster.Get(context.System), change.Member.Address, null));
            }
        }
        else
        {
            return;
        }

        if (_count.Shortfall(_memoryNodes.All.Count) is { } warning)
        {
            context.GetLogger().Warning(warning);
        }

        Repair(context, held);
    }

    /// <summary>
    /// Copies each snapshot held here that fewer memory nodes than the count hold (those up), parents before their
    /// deltas, when this node is the first holder in address order.
    /// </summary>
    private void Repair(IActorContext context, IReadOnlyDictionary<string, (Snapshot.SnapshotImage Image, string FromInstance)> held)
    {
        var self = Cluster.Get(context.System).SelfAddress;
        var up = _memoryNodes.All.ToHashSet();
        var target = Target(context);
        foreach (var (id, (image, fromInstance)) in held.OrderBy(e => Depth(e.Value.Image)))
        {
            var holders = HolderMap.HoldersOf(_map, id).Where(up.Contains).Append(self).Distinct().Order().ToArray();
            if (holders.Length >= target || holders[0] != self || _pushing.Contains(id))
            {
                continue;
            }

            var peers = up.Where(a => !holders.Contains(a)).Order().ToArray();
            if (peers.Length == 0)
            {
                continue;
            }

            context.GetLogger().Info("snapshot {0}: held by {1} of {2} memory nodes, copying it to {3}", id, holders.Length, target, string.Join(", ", peers.Take(target - holders.Length)));
            var file = SnapshotFile.Write(image, delta: image.Parent is not null);
            Push(context, new ReplicaOrder(id, fromInstance, file, () => SnapshotFile.Write(image), peers, target - holders.Length, null, null));
        }
    }

    private void Push(IActorContext context, ReplicaOrder order)
    {
        _pushing.Add(order.SnapshotId);
        context.ActorOf(ReplicaPush.Props(order, settings.RemoteChunkBytes, settings.UploadTimeout, copies), $"replicate-{order.SnapshotId}-{++_nextPush}");
    }

    /// <summary>The other memory nodes up, in address order.</summary>
    private Address[] Peers(IActorContext context)
    {
        var self = Cluster.Get(context.System).SelfAddress;
        return _memoryNodes.All.Where(a => a != self).Order().ToArray();
    }

    /// <summary>How many memory nodes should hold a snapshot now (this one counts even before its own MemberUp arrives).</summary>
    private int Target(IActorContext context) => _count.Target(Math.Max(1, _memoryNodes.All.Count + (_memoryNodes.All.Contains(Cluster.Get(context.System).SelfAddress) ? 0 : 1)));

    private static int Depth(Snapshot.SnapshotImage image)
    {
        var depth = 0;
        for (var s = image.Parent; s is not null; s = s.Parent)
        {
            depth++;
        }

        return depth;
    }
}
