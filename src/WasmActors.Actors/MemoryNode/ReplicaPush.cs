using Akka.Actor;
using Akka.Event;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.MemoryNode;

/// <summary>What a push is to copy, and where.</summary>
/// <param name="File">The snapshot file as this node received it (a lineage delta stays a delta).</param>
/// <param name="Flattened">The whole snapshot as one file, for a peer that lacks a delta's parent.</param>
/// <param name="Peers">Memory nodes that could take a copy, in the order to try them.</param>
/// <param name="Needed">How many of them must hold it.</param>
/// <param name="Uploader">Who waits for the acknowledgement (the uploading run node), with <paramref name="Stored"/>; null for a re-replication.</param>
internal sealed record ReplicaOrder(string SnapshotId, string FromInstance, byte[] File, Func<byte[]> Flattened, Address[] Peers, int Needed, IActorRef? Uploader, SnapshotStored? Stored);

/// <summary>A push ended: the peers that now hold the snapshot, and why it fell short if it did.</summary>
internal sealed record ReplicaPushDone(string SnapshotId, Address[] Holders, string? Failure) : INoSerializationVerificationNeeded;

/// <summary>
/// Copies one snapshot from this memory node to others until <see cref="ReplicaOrder.Needed"/> peers hold it
/// durably; a peer that refuses or does not answer within the upload timeout is replaced by the next one. Then it
/// acknowledges the upload (or fails it, naming why) and tells its parent. A peer that lacks a delta's parent gets
/// the snapshot flattened. With a bulk path (<see cref="ReplicaBulkPath"/>) the file is offered there for the push's
/// lifetime and each peer fetches it (<see cref="SnapshotReplicaOffer"/>); a peer that cannot, and every peer when
/// this node has no bulk path, gets it over Akka.Remote in the upload's own frame-sized parts. Either way the copy is
/// marked a replica, so the peer stores it without replicating it further.
/// </summary>
internal sealed class ReplicaPush : ReceiveActor
{
    private readonly ReplicaOrder _order;
    private readonly int _chunkBytes;
    private readonly ReplicaBulkPath? _copies;
    private readonly Dictionary<long, (Address Peer, byte[] File)> _inFlight = [];
    private readonly Dictionary<byte[], SnapshotReplicaOffer> _offers = new(ReferenceEqualityComparer.Instance);
    private readonly List<Address> _holders = [];
    private readonly List<string> _problems = [];
    private readonly System.Diagnostics.Stopwatch _clock = System.Diagnostics.Stopwatch.StartNew();
    private byte[]? _flattened;
    private bool _sentParts;
    private int _nextPeer;
    private long _nextRequest;

    public ReplicaPush(ReplicaOrder order, int chunkBytes, TimeSpan timeout, ReplicaBulkPath? copies)
    {
        _order = order;
        _chunkBytes = chunkBytes;
        _copies = copies;
        Receive<SnapshotStored>(m => Answered(m.RequestId, null));
        Receive<SnapshotParentMissing>(m =>
        {
            if (_inFlight.Remove(m.RequestId, out var sent))
            {
                Send(sent.Peer, _flattened ??= _order.Flattened());
            }
        });
        Receive<SnapshotReplicaOfferDeclined>(m =>
        {
            if (_inFlight.TryGetValue(m.RequestId, out var sent))
            {
                Context.GetLogger().Info("snapshot {0}: {1} did not fetch its copy over the bulk path ({2}); sending it in parts", _order.SnapshotId, sent.Peer, m.Reason);
                SendParts(m.RequestId, sent.Peer, sent.File);
            }
        });
        Receive<OperationFailed>(m => Answered(m.RequestId, m.Reason));
        Receive<ReceiveTimeout>(_ =>
        {
            foreach (var (id, (peer, _)) in _inFlight.ToArray())
            {
                Answered(id, $"{peer} did not answer within {timeout.TotalSeconds:0.#} s");
            }
        });
        Context.SetReceiveTimeout(timeout);
    }

    public static Props Props(ReplicaOrder order, int chunkBytes, TimeSpan timeout, ReplicaBulkPath? copies) =>
        Akka.Actor.Props.Create(() => new ReplicaPush(order, chunkBytes, timeout, copies));

    protected override void PreStart()
    {
        for (var i = 0; i < _order.Needed; i++)
        {
            if (!SendToNextPeer())
            {
                break;
            }
        }

        FinishIfDone();
    }

    /// <summary>The push is over: its files leave the bulk path.</summary>
    protected override void PostStop()
    {
        foreach (var offer in _offers.Values)
        {
            _copies!.Withdraw(offer);
        }
    }

    private bool SendToNextPeer()
    {
        if (_nextPeer >= _order.Peers.Length)
        {
            return false;
        }

        Send(_order.Peers[_nextPeer++], _order.File);
        return true;
    }

    private void Send(Address peer, byte[] file)
    {
        var id = ++_nextRequest;
        _inFlight[id] = (peer, file);
        if (_copies is null)
        {
            SendParts(id, peer, file);
            return;
        }

        if (!_offers.TryGetValue(file, out var offer))
        {
            offer = _offers[file] = _copies.Offer(id, _order.SnapshotId, _order.FromInstance, file);
        }

        StoreOf(peer).Tell(offer with { RequestId = id });
    }

    private void SendParts(long id, Address peer, byte[] file)
    {
        _sentParts = true;
        var store = StoreOf(peer);
        foreach (var (part, parts, data) in BlobParts.Split(file, _chunkBytes))
        {
            store.Tell(new SnapshotUploadPart(id, _order.SnapshotId, _order.FromInstance, part, parts, file.Length, data) { Replica = true });
        }
    }

    private static ActorSelection StoreOf(Address peer) => Context.ActorSelection(new RootActorPath(peer) / "user" / SnapshotStoreActor.Name);

    private void Answered(long requestId, string? problem)
    {
        if (!_inFlight.Remove(requestId, out var sent))
        {
            return; // a late or repeated answer
        }

        var peer = sent.Peer;

        if (problem is null)
        {
            _holders.Add(peer);
        }
        else
        {
            _problems.Add($"{peer}: {problem}");
            Context.GetLogger().Warning("snapshot {0}: {1} did not take a copy: {2}", _order.SnapshotId, peer, problem);
            SendToNextPeer();
        }

        FinishIfDone();
    }

    private void FinishIfDone()
    {
        if (_holders.Count < _order.Needed && _inFlight.Count > 0)
        {
            return;
        }

        var failure = _holders.Count >= _order.Needed ? null
            : $"only {_holders.Count + 1} of the {_order.Needed + 1} memory nodes wasmactors.memory-node.replicas asks for hold snapshot {_order.SnapshotId}" + (_problems.Count > 0 ? $": {string.Join("; ", _problems)}" : "");
        if (_order.Uploader is { } uploader)
        {
            uploader.Tell(failure is null ? _order.Stored! : new OperationFailed(_order.Stored!.RequestId, "snapshot", failure));
        }

        Context.GetLogger().Info("snapshot {0}: copied to {1} in {2:0} ms ({3})", _order.SnapshotId, string.Join(", ", _holders), _clock.Elapsed.TotalMilliseconds, _sentParts ? "in parts over Akka.Remote" : "over the bulk path");
        Context.Parent.Tell(new ReplicaPushDone(_order.SnapshotId, _holders.ToArray(), failure));
        Context.Stop(Self);
    }
}
