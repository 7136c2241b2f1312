using Akka.Actor;
using Akka.Cluster;
using Akka.Cluster.Tools.PublishSubscribe;
using Akka.DistributedData;
using Akka.Event;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.MemoryNode;

/// <summary>A copy offered over the bulk path has been fetched (<paramref name="File"/>), or not (<paramref name="Problem"/>).</summary>
internal sealed record ReplicaFetched(SnapshotReplicaOffer Offer, IActorRef Pusher, byte[]? File, string? Problem) : INoSerializationVerificationNeeded;

/// <summary>
/// The memory node's registry (at <see cref="Path"/>): one <see cref="SnapshotActor"/> per snapshot, created by the
/// first part of its upload; finds snapshots by id for the orchestrator, and (through <see cref="StoredLineage"/>)
/// the parent an uploaded delta names. It keeps the node within wasmactors.memory-node.max-bytes: an upload's size is
/// held for it from its first part until its snapshot is dropped (or the upload fails), and an upload that would go
/// over is refused before anything is allocated for it. With a durable store (wasmactors.memory-node.store-path) it
/// starts by serving again every snapshot the store held, counted against that limit as they were when uploaded,
/// and a deletion removes the snapshot from the disk as well. Replication across memory nodes (acknowledging an
/// upload once enough nodes hold it, the holder map, deletions everywhere, copies after a node left) is
/// <see cref="SnapshotReplication"/>'s, on this actor's thread.
/// </summary>
internal sealed class SnapshotStoreActor : ReceiveActor
{
    public const string Name = "snapshots";
    public const string Path = "/user/" + Name;

    private readonly Dictionary<string, (SnapshotInfo Info, SnapshotRef Ref)> _ready = new(StringComparer.Ordinal);
    private readonly StoredLineage _lineage = new();
    private readonly Dictionary<string, long> _held = new(StringComparer.Ordinal);
    private readonly HashSet<string> _refused = new(StringComparer.Ordinal);
    private readonly OpenedStore? _disk;
    private readonly MemoryNodeCounters _counters;
    private readonly SnapshotReplication _replication;
    private long _heldBytes;

    public SnapshotStoreActor(WasmActorsSettings settings, MemoryNodeCounters counters, BulkEndpoint? bulk, Action<SnapshotRef, Snapshot.SnapshotImage, RegionLayout[]>? onStored, Action<string, int>? onDropped = null, OpenedStore? disk = null, ReplicaBulkPath? copies = null)
    {
        _disk = disk;
        _counters = counters;
        _replication = new SnapshotReplication(settings, copies);
        Receive<SnapshotUploadPart>(part => part.Replica && _ready.ContainsKey(part.SnapshotId), part =>
        {
            // A copy of a snapshot already here (a re-replication crossing an upload's own push): acknowledged once.
            if (part.Part == part.Parts - 1)
            {
                AcknowledgeHeld(part.RequestId, part.SnapshotId);
            }
        });
        Receive<SnapshotReplicaOffer>(offer => _ready.ContainsKey(offer.SnapshotId), offer => AcknowledgeHeld(offer.RequestId, offer.SnapshotId));
        Receive<SnapshotReplicaOffer>(offer => Offered(offer, copies, settings));
        Receive<ReplicaFetched>(m =>
        {
            if (m.File is null)
            {
                Release(m.Offer.SnapshotId);
                Context.GetLogger().Warning("snapshot {0}: the copy offered over the bulk path was not fetched ({1}); it comes in parts", m.Offer.SnapshotId, m.Problem);
                m.Pusher.Tell(new SnapshotReplicaOfferDeclined(m.Offer.RequestId, m.Problem ?? "not fetched"));
                return;
            }

            // Stored exactly as a copy uploaded in parts is: one part, already whole.
            var part = new SnapshotUploadPart(m.Offer.RequestId, m.Offer.SnapshotId, m.Offer.FromInstance, 0, 1, m.File.Length, m.File) { Replica = true };
            StartSnapshot(m.Offer.SnapshotId, settings, counters, bulk, onStored, onDropped).Tell(part, m.Pusher);
        });
        Receive<SnapshotUploadPart>(part =>
        {
            if (!IsValidId(part.SnapshotId))
            {
                Sender.Tell(new OperationFailed(part.RequestId, "snapshot", $"\"{part.SnapshotId}\" is not a valid snapshot id"));
                return;
            }

            var child = Context.Child(part.SnapshotId);
            if (child.IsNobody())
            {
                if (Refuse(part, settings))
                {
                    return;
                }

                child = StartSnapshot(part.SnapshotId, settings, counters, bulk, onStored, onDropped);
            }

            child.Forward(part);
        });
        Receive<SnapshotReady>(m =>
        {
            _ready[m.Info.SnapshotId] = (m.Info, m.Ref);
            if (m.Ack is { } ack)
            {
                if (!ack.Replica)
                {
                    // Run nodes fetch its code now rather than on its first fork (ADR-024); its copies on other
                    // holders are not announced again.
                    DistributedPubSub.Get(Context.System).Mediator.Tell(new Publish(SnapshotAnnounced.Topic, new SnapshotAnnounced(m.Ref)));
                }

                _replication.Stored(Context, m.Info, ack);
            }
        });
        Receive<UpdateSuccess>(m => m.Request is HolderWrite, m => _replication.HolderWritten(Context, (HolderWrite)m.Request));
        Receive<UpdateTimeout>(m => m.Request is HolderWrite, m =>
        {
            Context.GetLogger().Warning("snapshot {0}: the holder map's majority write timed out; the entry spreads by gossip", ((HolderWrite)m.Request).SnapshotId);
            _replication.HolderWritten(Context, (HolderWrite)m.Request);
        });
        Receive<IUpdateResponse>(_ => { }); // writes nobody waits for (WriteLocal)
        Receive<Changed>(m => m.Key.Equals(HolderMap.Key), m => _replication.MapChanged(m.Get(HolderMap.Key)));
        Receive<ReplicaPushDone>(m => _replication.PushDone(Context, m));
        Receive<ClusterEvent.IMemberEvent>(m => _replication.MemberEvent(Context, m, Held()));
        Receive<SnapshotsDeleted>(_ => { }); // another holder dropped its copy
        Receive<OperationFailed>(m => Context.GetLogger().Warning("another holder did not drop its copy: {0}", m.Reason));
        Receive<LocateSnapshot>(m => Sender.Tell(_ready.TryGetValue(m.SnapshotId, out var entry)
            ? new SnapshotLocated(m.RequestId, entry.Ref)
            : new OperationFailed(m.RequestId, "locate", $"no snapshot {m.SnapshotId} on {settings.NodeName}")));
        Receive<DeleteSnapshot>(m =>
        {
            var reply = Delete(m, settings.NodeName);
            if (reply is SnapshotsDeleted deleted)
            {
                Audit.Done(Context, "rm", string.Join(", ", deleted.SnapshotIds), Sender);
                _replication.Deleted(Context, deleted.SnapshotIds, m.Replica);
            }
            else if (reply is OperationFailed failed)
            {
                Audit.Refused(Context, "rm", m.SnapshotId, Sender, failed.Reason);
            }

            Sender.Tell(reply);
        });
        Receive<ListSnapshots>(m => Sender.Tell(new SnapshotList(m.RequestId, settings.NodeName, _ready.Values.Select(e => e.Info).ToArray())));
        Receive<ListHeldSnapshots>(m =>
        {
            var (leaves, inner) = LeavesAndInner();
            foreach (var page in HeldSnapshots.Pages(m.RequestId, leaves, inner))
            {
                Sender.Tell(page);
            }
        });
        Receive<GetNodeStats>(m => Sender.Tell(new NodeStats(
            m.RequestId, settings.NodeName, settings.Roles.ToArray(), 0, _ready.Count, counters.Requests, counters.Chunks, counters.Bytes, counters.BulkBytes, 0)
        {
            StoredBytes = _heldBytes,
            MaxStoredBytes = settings.MemoryNode.MaxBytes,
        }));
        Receive<Terminated>(m =>
        {
            var id = m.ActorRef.Path.Name;
            _ready.Remove(id);
            _lineage.Remove(id);
            Release(id);
        });
        Restore(settings, counters, bulk, onStored, onDropped);
    }

    protected override void PreStart() => SnapshotReplication.Subscribe(Context);

    protected override void PostStop() => SnapshotReplication.Unsubscribe(Context);

    /// <summary>The snapshots this node serves, with the instance each came from.</summary>
    private Dictionary<string, (Snapshot.SnapshotImage Image, string FromInstance)> Held() =>
        _ready.Keys
            .Select(id => (Id: id, Image: _lineage.FindById(id)))
            .Where(e => e.Image is not null)
            .ToDictionary(e => e.Id, e => (e.Image!, _ready[e.Id].Info.FromInstance), StringComparer.Ordinal);

    /// <summary>The snapshots no other snapshot here is a delta of, and the rest.</summary>
    private (SnapshotRef[] Leaves, SnapshotRef[] Inner) LeavesAndInner()
    {
        var parents = _ready.Values.Select(e => e.Info.ParentId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var split = _ready.Values.ToLookup(e => parents.Contains(e.Info.SnapshotId), e => e.Ref);
        return (split[false].ToArray(), split[true].ToArray());
    }

    /// <summary>Serves again what the durable store held (parents first, so deltas find them), and logs what it dropped.</summary>
    private void Restore(WasmActorsSettings settings, MemoryNodeCounters counters, BulkEndpoint? bulk, Action<SnapshotRef, Snapshot.SnapshotImage, RegionLayout[]>? onStored, Action<string, int>? onDropped)
    {
        if (_disk is null)
        {
            return;
        }

        var log = Context.GetLogger();
        foreach (var dropped in _disk.Dropped)
        {
            log.Warning("store {0}: {1}", _disk.Store.Directory, dropped);
        }

        foreach (var stored in _disk.Held)
        {
            var id = stored.SnapshotId;
            var child = Context.ActorOf(SnapshotActor.Props(id, settings, counters, bulk, onStored, _lineage, onDropped, _disk.Store, stored), id);
            Context.Watch(child);
            _lineage.Add(id, stored.Snapshot);
            _ready[id] = (new SnapshotInfo(id, stored.FromInstance, stored.Snapshot.Chunks.Count, stored.UploadBytes, stored.Snapshot.Manifest.Memories.Length) { ParentId = stored.Snapshot.Parent is { } parent ? _lineage.IdOf(parent) : null }, new SnapshotRef(id, settings.NodeName, child, bulk));
            _held[id] = stored.UploadBytes;
            _heldBytes += stored.UploadBytes;
            SnapshotReplication.Held(Context, id);
        }

        _counters.HeldBytes = _heldBytes;
        log.Info("store {0}: serving {1} snapshots ({2}) again", _disk.Store.Directory, _disk.Held.Count, ByteSize.Format(_heldBytes));
    }

    /// <summary>
    /// True (and the uploader told why, once) when a new upload does not fit what the node may still hold; otherwise
    /// its size is held for it. The later parts of a refused upload are dropped quietly.
    /// </summary>
    private bool Refuse(SnapshotUploadPart part, WasmActorsSettings settings)
    {
        if (_refused.Contains(part.SnapshotId))
        {
            return true;
        }

        if (Hold(part.SnapshotId, part.TotalBytes, settings) is not { } reason)
        {
            return false;
        }

        if (_refused.Count >= 1024)
        {
            _refused.Clear(); // only to quiet the parts of recent refusals; an old id's stray part is refused again
        }

        _refused.Add(part.SnapshotId);
        RefuseRequest(part.RequestId, part.SnapshotId, reason);
        return true;
    }

    /// <summary>
    /// Holds <paramref name="totalBytes"/> for a snapshot about to arrive, before anything is allocated for it; null
    /// when held, otherwise why not (it does not fit, or a copy of it is being fetched already).
    /// </summary>
    private string? Hold(string snapshotId, long totalBytes, WasmActorsSettings settings)
    {
        var max = settings.MemoryNode.MaxBytes;
        if (_held.ContainsKey(snapshotId))
        {
            return $"snapshot {snapshotId} is arriving at memory node {settings.NodeName} already";
        }

        if (totalBytes >= 0 && totalBytes <= max - _heldBytes)
        {
            _held[snapshotId] = totalBytes;
            _heldBytes += totalBytes;
            _counters.HeldBytes = _heldBytes;
            return null;
        }

        return totalBytes < 0
            ? $"an upload of {totalBytes} bytes is not acceptable"
            : $"memory node {settings.NodeName} is full: it holds {ByteSize.Format(_heldBytes)} of its {ByteSize.Format(max)} (wasmactors.memory-node.max-bytes) and the snapshot needs {ByteSize.Format(totalBytes)}; drop snapshots with `wasmactors rm`";
    }

    /// <summary>Gives back what <see cref="Hold"/> held for a snapshot (dropped, or its upload or copy failed).</summary>
    private void Release(string snapshotId)
    {
        if (_held.Remove(snapshotId, out var bytes))
        {
            _heldBytes -= bytes;
            _counters.HeldBytes = _heldBytes;
        }
    }

    private void RefuseRequest(long requestId, string snapshotId, string reason)
    {
        Audit.Refused(Context, "snapshot", snapshotId, Sender, reason);
        Sender.Tell(new OperationFailed(requestId, "snapshot", reason));
    }

    /// <summary>
    /// A copy offered over the bulk path: checked like an upload (its size held first), then fetched off this
    /// actor's thread; a node without a bulk path declines it, so the copy comes in parts.
    /// </summary>
    private void Offered(SnapshotReplicaOffer offer, ReplicaBulkPath? copies, WasmActorsSettings settings)
    {
        if (copies is null)
        {
            Sender.Tell(new SnapshotReplicaOfferDeclined(offer.RequestId, $"memory node {settings.NodeName} has no bulk path"));
            return;
        }

        if (!IsValidId(offer.SnapshotId))
        {
            Sender.Tell(new OperationFailed(offer.RequestId, "snapshot", $"\"{offer.SnapshotId}\" is not a valid snapshot id"));
            return;
        }

        var reason = Context.Child(offer.SnapshotId).IsNobody() ? Hold(offer.SnapshotId, offer.TotalBytes, settings) : $"snapshot {offer.SnapshotId} is arriving at memory node {settings.NodeName} already";
        if (reason is not null)
        {
            RefuseRequest(offer.RequestId, offer.SnapshotId, reason);
            return;
        }

        // Half the upload timeout: a failed fetch leaves the pushing node time to send the parts.
        var pusher = Sender;
        copies.FetchAsync(offer, settings.UploadTimeout / 2).PipeTo(
            Self,
            success: file => new ReplicaFetched(offer, pusher, file, null),
            failure: e => new ReplicaFetched(offer, pusher, null, ((e as AggregateException)?.InnerException ?? e).Message));
    }

    private void AcknowledgeHeld(long requestId, string snapshotId)
    {
        var entry = _ready[snapshotId];
        Sender.Tell(new SnapshotStored(requestId, entry.Ref, entry.Info.Chunks, entry.Info.Bytes));
    }

    private IActorRef StartSnapshot(string snapshotId, WasmActorsSettings settings, MemoryNodeCounters counters, BulkEndpoint? bulk, Action<SnapshotRef, Snapshot.SnapshotImage, RegionLayout[]>? onStored, Action<string, int>? onDropped)
    {
        var child = Context.ActorOf(SnapshotActor.Props(snapshotId, settings, counters, bulk, onStored, _lineage, onDropped, _disk?.Store), snapshotId);
        Context.Watch(child);
        return child;
    }

    /// <summary>
    /// Works out which snapshots go (the one asked for, then ancestors no one else needs), forgets them at once — so
    /// no new delta can name them — and stops their actors.
    /// </summary>
    private IWasmActorsMessage Delete(DeleteSnapshot request, string node)
    {
        if (_lineage.FindById(request.SnapshotId) is not { } snapshot)
        {
            return new OperationFailed(request.RequestId, "delete", $"no snapshot {request.SnapshotId} on {node}");
        }

        var leaving = new HashSet<string>(StringComparer.Ordinal) { request.SnapshotId };
        if (_lineage.DescendantsOf(snapshot, leaving).FirstOrDefault() is { } child)
        {
            return new OperationFailed(request.RequestId, "delete", $"snapshot {child} is a delta of {request.SnapshotId}: delete it first");
        }

        var order = new List<(string Id, Snapshot.SnapshotImage Snapshot)> { (request.SnapshotId, snapshot) };
        for (var parent = snapshot.Parent; request.WithAncestors && parent is not null; parent = parent.Parent)
        {
            if (_lineage.IdOf(parent) is not { } parentId || _lineage.DescendantsOf(parent, leaving.Append(parentId).ToHashSet(StringComparer.Ordinal)).Any())
            {
                break; // not stored here any more, or another snapshot still needs it (and so its parents)
            }

            leaving.Add(parentId);
            order.Add((parentId, parent));
        }

        foreach (var (id, _) in order)
        {
            Forget(id);
            _lineage.Remove(id);
            _ready.Remove(id);
            Context.Child(id).Tell(PoisonPill.Instance);
        }

        return new SnapshotsDeleted(request.RequestId, order.Select(o => o.Id).ToArray(), order.Sum(o => o.Snapshot.ChunkBytes));
    }

    /// <summary>Removes a deleted snapshot from the disk; should the disk refuse, the snapshot is gone from memory all the same and comes back at the next start.</summary>
    private void Forget(string id)
    {
        try
        {
            _disk?.Store.Remove(id);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            Context.GetLogger().Error(e, "store {0}: snapshot {1} could not be removed from disk", _disk!.Store.Directory, id);
        }
    }

    public static Props Props(WasmActorsSettings settings, MemoryNodeCounters counters, BulkEndpoint? bulk, Action<SnapshotRef, Snapshot.SnapshotImage, RegionLayout[]>? onStored, Action<string, int>? onDropped = null, OpenedStore? disk = null, ReplicaBulkPath? copies = null) =>
        Akka.Actor.Props.Create(() => new SnapshotStoreActor(settings, counters, bulk, onStored, onDropped, disk, copies));

    private static bool IsValidId(string id) => id.Length is > 0 and <= 64 && id.All(c => char.IsAsciiLetterOrDigit(c) || c == '-');
}
