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
/// Copies one snapshot from this memory node to others, over Akka.Remote in the upload's own frame-sized parts
/// (each marked <see cref="SnapshotUploadPart.Replica"/>, so the peer stores it without replicating it further),
/// until <see cref="ReplicaOrder.Needed"/> peers hold it durably; a peer that refuses or does not answer within
/// the upload timeout is replaced by the next one. Then it acknowledges the upload (or fails it, naming why) and
/// tells its parent. A peer that lacks a delta's parent gets the snapshot flattened.
/// </summary>
internal sealed class ReplicaPush : ReceiveActor
{
    private readonly ReplicaOrder _order;
    private readonly int _chunkBytes;
    private readonly Dictionary<long, Address> _inFlight = [];
    private readonly List<Address> _holders = [];
    private readonly List<string> _problems = [];
    private int _nextPeer;
    private long _nextRequest;

    public ReplicaPush(ReplicaOrder order, int chunkBytes, TimeSpan timeout)
    {
        _order = order;
        _chunkBytes = chunkBytes;
        Receive<SnapshotStored>(m => Answered(m.RequestId, null));
        Receive<SnapshotParentMissing>(m =>
        {
            if (_inFlight.Remove(m.RequestId, out var peer))
            {
                Send(peer, _order.Flattened());
            }
        });
        Receive<OperationFailed>(m => Answered(m.RequestId, m.Reason));
        Receive<ReceiveTimeout>(_ =>
        {
            foreach (var (id, peer) in _inFlight.ToArray())
            {
                Answered(id, $"{peer} did not answer within {timeout.TotalSeconds:0.#} s");
            }
        });
        Context.SetReceiveTimeout(timeout);
    }

    public static Props Props(ReplicaOrder order, int chunkBytes, TimeSpan timeout) =>
        Akka.Actor.Props.Create(() => new ReplicaPush(order, chunkBytes, timeout));

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
        _inFlight[id] = peer;
        var store = Context.ActorSelection(new RootActorPath(peer) / "user" / SnapshotStoreActor.Name);
        foreach (var (part, parts, data) in BlobParts.Split(file, _chunkBytes))
        {
            store.Tell(new SnapshotUploadPart(id, _order.SnapshotId, _order.FromInstance, part, parts, file.Length, data) { Replica = true });
        }
    }

    private void Answered(long requestId, string? problem)
    {
        if (!_inFlight.Remove(requestId, out var peer))
        {
            return; // a late or repeated answer
        }

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

        Context.Parent.Tell(new ReplicaPushDone(_order.SnapshotId, _holders.ToArray(), failure));
        Context.Stop(Self);
    }
}
