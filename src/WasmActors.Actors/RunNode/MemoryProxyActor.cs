using Akka.Actor;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The run node's page-fault handler for one remote snapshot (all of its memory regions): engine threads post
/// fetches here, this actor asks the snapshot's actor on the memory node, reassembles the parts and completes the
/// waiting thread. It watches the memory side: when that dies every waiting fault fails at once, and so does every
/// later one. Replies for a request nobody waits for any more (late, duplicated) are counted and dropped.
/// </summary>
internal sealed class MemoryProxyActor : ReceiveActor
{
    private readonly SnapshotRef _snapshot;
    private readonly RunNodeCounters _counters;
    private readonly Dictionary<long, Pending> _pending = [];
    private string? _unavailable;
    private long _nextRequestId;

    public MemoryProxyActor(SnapshotRef snapshot, RunNodeCounters counters)
    {
        _snapshot = snapshot;
        _counters = counters;
        Receive<ProxyFetch>(OnFetch);
        Receive<SnapshotDataPart>(OnPart);
        Receive<SnapshotDataFailed>(m => Complete(m.RequestId, pending => pending.Reply.TrySetException(new InvalidDataException(m.Reason))));
        Receive<ProxyAbandon>(m =>
        {
            foreach (var id in _pending.Where(p => p.Value.Reply == m.Reply).Select(p => p.Key).ToArray())
            {
                _pending.Remove(id);
            }
        });
        Receive<Terminated>(m => m.ActorRef.Equals(_snapshot.Actor), _ => OnSourceLost());
    }

    public static Props Props(SnapshotRef snapshot, RunNodeCounters counters) =>
        Akka.Actor.Props.Create(() => new MemoryProxyActor(snapshot, counters));

    protected override void PreStart() => Context.Watch(_snapshot.Actor);

    protected override void PostStop()
    {
        foreach (var pending in _pending.Values)
        {
            pending.Reply.TrySetException(new InvalidOperationException("the run node's proxy stopped"));
        }
    }

    private void OnFetch(ProxyFetch fetch)
    {
        if (_unavailable is not null)
        {
            fetch.Reply.TrySetException(new InvalidOperationException(_unavailable));
            return;
        }

        var id = ++_nextRequestId;
        _pending[id] = new Pending(fetch.Reply);
        _counters.FaultRequested();
        _snapshot.Actor.Tell(new FetchSnapshotData(id, _snapshot.SnapshotId, fetch.Kind, fetch.ChunkIds, fetch.Region));
    }

    private void OnPart(SnapshotDataPart part)
    {
        if (!_pending.TryGetValue(part.RequestId, out var pending))
        {
            _counters.LateReply();
            return;
        }

        if (pending.Assembler is null)
        {
            pending.Assembler = BlobAssembler.Create(part.Parts, part.TotalBytes, long.MaxValue, out var problem);
            if (pending.Assembler is null)
            {
                Complete(part.RequestId, p => p.Reply.TrySetException(new InvalidDataException($"the memory node's reply is not acceptable: {problem}")));
                return;
            }
        }

        if (!pending.Assembler.Add(part.Part, part.Parts, part.TotalBytes, part.Data))
        {
            Complete(part.RequestId, p => p.Reply.TrySetException(new InvalidDataException($"reply part {part.Part}/{part.Parts} does not fit the reply")));
            return;
        }

        if (pending.Assembler.IsComplete)
        {
            Complete(part.RequestId, p =>
            {
                try
                {
                    var blob = p.Assembler!.Assemble();
                    _counters.Fetched(blob.Length);
                    p.Reply.TrySetResult(blob);
                }
                catch (InvalidDataException e)
                {
                    p.Reply.TrySetException(e);
                }
            });
        }
    }

    private void Complete(long requestId, Action<Pending> action)
    {
        if (_pending.Remove(requestId, out var pending))
        {
            action(pending);
        }
        else
        {
            _counters.LateReply();
        }
    }

    private void OnSourceLost()
    {
        _unavailable = $"the memory node {_snapshot.MemoryNode} holding snapshot {_snapshot.SnapshotId} is gone";
        foreach (var pending in _pending.Values)
        {
            pending.Reply.TrySetException(new InvalidOperationException(_unavailable));
        }

        _pending.Clear();
    }

    private sealed class Pending(TaskCompletionSource<byte[]> reply)
    {
        public TaskCompletionSource<byte[]> Reply { get; } = reply;

        public BlobAssembler? Assembler { get; set; }
    }
}
