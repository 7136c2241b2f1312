using Akka.Actor;
using Akka.Cluster;
using Akka.Event;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The run node's page-fault handler for one remote snapshot (all of its memory regions): engine threads post
/// fetches here, this actor asks the snapshot's actor on a memory node holding it, reassembles the parts and
/// completes the waiting thread. Snapshots are held by several memory nodes (docs/adr-022-snapshot-replication.md):
/// a fetch the current holder has not answered within wasmactors.holder-timeout, or whose holder died (it is
/// DeathWatched) or failed on the bulk path, also goes to the next holder, found by asking the other memory nodes
/// up, and the first complete answer serves it. Only when the holder is gone and no other memory node holds the
/// snapshot does every waiting fault fail, and every later one. Replies for a request nobody waits for any more
/// (late, duplicated, from the holder it left) are counted and dropped.
/// </summary>
internal sealed class MemoryProxyActor : ReceiveActor, IWithTimers
{
    private readonly string _snapshotId;
    private readonly HolderCursor _cursor;
    private readonly RunNodeCounters _counters;
    private readonly TimeSpan _holderTimeout;
    private readonly Dictionary<long, Pending> _pending = [];
    private readonly HashSet<IActorRef> _gone = []; // holders' snapshot actors: a restarted node's new incarnation is not gone
    private string? _unavailable;
    private long _nextRequestId;
    private long _search;
    private bool _searching;

    public MemoryProxyActor(HolderCursor cursor, RunNodeCounters counters, TimeSpan holderTimeout)
    {
        _cursor = cursor;
        _snapshotId = cursor.Current.SnapshotId;
        _counters = counters;
        _holderTimeout = holderTimeout;
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
        Receive<HolderLate>(m =>
        {
            if (_pending.ContainsKey(m.RequestId) && _cursor.Current.Actor.Equals(m.Holder))
            {
                FindAnotherHolder();
            }
        });
        Receive<ProxyHolderFailed>(m =>
        {
            if (_cursor.Current.Actor.Equals(m.Holder))
            {
                FindAnotherHolder();
            }
        });
        Receive<Terminated>(m =>
        {
            _gone.Add(m.ActorRef);
            if (_cursor.Current.Actor.Equals(m.ActorRef))
            {
                FindAnotherHolder();
            }
        });
        Receive<SnapshotLocated>(m => m.RequestId == _search && _searching && !_gone.Contains(m.Snapshot.Actor), m => SwitchTo(m.Snapshot));
        Receive<SnapshotLocated>(_ => { }); // a slower holder's answer to a search already over
        Receive<OperationFailed>(_ => { }); // a memory node without the snapshot answered a search
        Receive<SearchOver>(m =>
        {
            if (m.Search == _search && _searching)
            {
                _searching = false;
                GiveUpIfHolderGone();
                SearchAgainWhileWaiting();
            }
        });
        Receive<SearchAgain>(_ =>
        {
            if (_pending.Count > 0)
            {
                FindAnotherHolder();
            }
        });
    }

    public ITimerScheduler Timers { get; set; } = null!;

    public static Props Props(HolderCursor cursor, RunNodeCounters counters, TimeSpan holderTimeout) =>
        Akka.Actor.Props.Create(() => new MemoryProxyActor(cursor, counters, holderTimeout));

    private Address Holder => _cursor.Current.Actor.Path.Address;

    protected override void PreStart() => Context.Watch(_cursor.Current.Actor);

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
        var pending = new Pending(fetch);
        _pending[id] = pending;
        _counters.FaultRequested();
        Send(id, pending);
    }

    /// <summary>Asks the current holder (once per holder), and checks back after the holder timeout.</summary>
    private void Send(long id, Pending pending)
    {
        var holder = _cursor.Current;
        if (!pending.AskedHolders.Add(holder.Actor))
        {
            return;
        }

        var fetch = pending.Fetch;
        holder.Actor.Tell(new FetchSnapshotData(id, _snapshotId, fetch.Kind, fetch.ChunkIds, fetch.Region));
        Timers.StartSingleTimer((id, holder.Actor), new HolderLate(id, holder.Actor), _holderTimeout);
    }

    /// <summary>
    /// The current holder is slow or gone: ask every other memory node up whether it holds the snapshot (once it is
    /// gone, its own address too: the node may be up again as a new incarnation).
    /// </summary>
    private void FindAnotherHolder()
    {
        if (_searching)
        {
            return;
        }

        var others = Cluster.Get(Context.System).State.Members
            .Where(m => m.HasRole("memory") && m.Status == MemberStatus.Up && (_gone.Contains(_cursor.Current.Actor) || !m.Address.Equals(Holder)))
            .ToArray();
        if (others.Length == 0)
        {
            GiveUpIfHolderGone();
            SearchAgainWhileWaiting();
            return;
        }

        _searching = true;
        _search++;
        foreach (var member in others)
        {
            Context.ActorSelection(new RootActorPath(member.Address) / "user" / "snapshots").Tell(new LocateSnapshot(_search, _snapshotId));
        }

        Timers.StartSingleTimer(nameof(SearchOver), new SearchOver(_search), _holderTimeout);
    }

    /// <summary>
    /// Faults still wait and no other holder was found (none up yet, or its answer was late): look again after the
    /// holder timeout, so a holder that died unseen (still a member until the cluster removes it) is left as soon as
    /// another can serve, within the fault timeout.
    /// </summary>
    private void SearchAgainWhileWaiting()
    {
        if (_unavailable is null && _pending.Count > 0)
        {
            Timers.StartSingleTimer(nameof(SearchAgain), SearchAgain.Instance, _holderTimeout);
        }
    }

    private void SwitchTo(SnapshotRef holder)
    {
        _searching = false;
        Context.System.Log.Warning("snapshot {0}: fetching from {1} instead of {2}", _snapshotId, holder.MemoryNode, _cursor.Current.MemoryNode);
        _cursor.Current = holder;
        Context.Watch(holder.Actor);
        foreach (var (id, pending) in _pending)
        {
            Send(id, pending);
        }
    }

    /// <summary>No other holder answered: faults wait on for a holder that is only slow, and fail if it is gone.</summary>
    private void GiveUpIfHolderGone()
    {
        if (!_gone.Contains(_cursor.Current.Actor))
        {
            return;
        }

        _unavailable = $"the memory node {_cursor.Current.MemoryNode} holding snapshot {_snapshotId} is gone, and no other memory node holds it";
        foreach (var pending in _pending.Values)
        {
            pending.Reply.TrySetException(new InvalidOperationException(_unavailable));
        }

        _pending.Clear();
    }

    private void OnPart(SnapshotDataPart part)
    {
        if (!_pending.TryGetValue(part.RequestId, out var pending))
        {
            _counters.LateReply();
            return;
        }

        // Two holders may answer the same request: each answer is put together on its own.
        if (!pending.Assemblers.TryGetValue(Sender, out var assembler))
        {
            assembler = BlobAssembler.Create(part.Parts, part.TotalBytes, long.MaxValue, out var problem);
            if (assembler is null)
            {
                Complete(part.RequestId, p => p.Reply.TrySetException(new InvalidDataException($"the memory node's reply is not acceptable: {problem}")));
                return;
            }

            pending.Assemblers[Sender] = assembler;
        }

        if (!assembler.Add(part.Part, part.Parts, part.TotalBytes, part.Data))
        {
            Complete(part.RequestId, p => p.Reply.TrySetException(new InvalidDataException($"reply part {part.Part}/{part.Parts} does not fit the reply")));
            return;
        }

        if (assembler.IsComplete)
        {
            Complete(part.RequestId, p =>
            {
                try
                {
                    var blob = assembler.Assemble();
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
            foreach (var holder in pending.AskedHolders)
            {
                Timers.Cancel((requestId, holder));
            }

            action(pending);
        }
        else
        {
            _counters.LateReply();
        }
    }

    private sealed class Pending(ProxyFetch fetch)
    {
        public ProxyFetch Fetch { get; } = fetch;

        public TaskCompletionSource<byte[]> Reply => Fetch.Reply;

        public HashSet<IActorRef> AskedHolders { get; } = [];

        public Dictionary<IActorRef, BlobAssembler> Assemblers { get; } = [];
    }

    /// <summary>A fetch sent to <paramref name="Holder"/> is due: if it is still waiting, look for another holder.</summary>
    private sealed record HolderLate(long RequestId, IActorRef Holder) : INoSerializationVerificationNeeded;

    /// <summary>Time to look for another holder again.</summary>
    private sealed record SearchAgain : INoSerializationVerificationNeeded
    {
        public static SearchAgain Instance { get; } = new();
    }

    /// <summary>The search for another holder has had its time.</summary>
    private sealed record SearchOver(long Search) : INoSerializationVerificationNeeded;
}
