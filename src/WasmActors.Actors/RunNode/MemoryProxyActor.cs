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
/// up, and the first complete answer serves it. A holder that answers a fetch with <see cref="SnapshotDataFailed"/>
/// or a reply that does not fit is left the same way, and not gone back to. A fetch fails only when every holder it
/// went to failed it and no other memory node holds the snapshot (<see cref="HoldersFailedException"/>, naming each);
/// when the holder is gone too, so does every later fetch. Replies for a request nobody waits for any more (late,
/// duplicated, from the holder it left) are counted and dropped.
/// </summary>
internal sealed class MemoryProxyActor : ReceiveActor, IWithTimers
{
    private readonly string _snapshotId;
    private readonly HolderCursor _cursor;
    private readonly RunNodeCounters _counters;
    private readonly TimeSpan _holderTimeout;
    private readonly Dictionary<long, Pending> _pending = [];
    private readonly HashSet<IActorRef> _gone = []; // holders' snapshot actors: a restarted node's new incarnation is not gone
    private readonly HashSet<IActorRef> _broken = []; // holders that failed a fetch: their copy is not to be trusted
    private readonly Dictionary<IActorRef, string> _names = []; // holders' memory node names, for errors
    private IReadOnlyList<HolderFailure>? _unavailable;
    private long _nextRequestId;
    private long _search;
    private bool _searching;

    public MemoryProxyActor(HolderCursor cursor, RunNodeCounters counters, TimeSpan holderTimeout)
    {
        _cursor = cursor;
        _snapshotId = cursor.Current.SnapshotId;
        _names[cursor.Current.Actor] = cursor.Current.MemoryNode;
        _counters = counters;
        _holderTimeout = holderTimeout;
        Receive<ProxyFetch>(OnFetch);
        Receive<SnapshotDataPart>(OnPart);
        Receive<SnapshotDataFailed>(m => HolderFailed(m.RequestId, $"answered \"{m.Reason}\""));
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
        Receive<ProxyHolderNamed>(m =>
        {
            var named = m.Holder.Actor;
            if (!named.Equals(_cursor.Current.Actor) && !_gone.Contains(named) && !_broken.Contains(named))
            {
                SwitchTo(m.Holder, because: "a fork named it");
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
        Receive<SnapshotLocated>(m => m.RequestId == _search && _searching && !_gone.Contains(m.Snapshot.Actor) && !_broken.Contains(m.Snapshot.Actor), m => SwitchTo(m.Snapshot, because: null));
        Receive<SnapshotLocated>(_ => { }); // a slower holder's answer to a search already over
        Receive<OperationFailed>(_ => { }); // a memory node without the snapshot answered a search
        Receive<SearchOver>(m =>
        {
            if (m.Search == _search && _searching)
            {
                _searching = false;
                FailWhereEveryHolderFailed();
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
            fetch.Reply.TrySetException(new HoldersFailedException(_snapshotId, _unavailable));
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
        if (pending.AskedHolders.Contains(holder.Actor))
        {
            return;
        }

        pending.AskedHolders.Add(holder.Actor);

        var fetch = pending.Fetch;
        holder.Actor.Tell(new FetchSnapshotData(id, _snapshotId, fetch.Kind, fetch.ChunkIds, fetch.Region));
        Timers.StartSingleTimer((id, holder.Actor), new HolderLate(id, holder.Actor), _holderTimeout);
    }

    /// <summary>
    /// The current holder is slow, gone or failed a fetch: ask every other memory node up whether it holds the snapshot
    /// (once it is gone, its own address too: the node may be up again as a new incarnation), except those whose copy
    /// failed a fetch.
    /// </summary>
    private void FindAnotherHolder()
    {
        if (_searching)
        {
            return;
        }

        var others = Cluster.Get(Context.System).State.Members
            .Where(m => m.HasRole("memory") && m.Status == MemberStatus.Up && (_gone.Contains(_cursor.Current.Actor) || !m.Address.Equals(Holder)))
            .Where(m => !_broken.Any(b => !_gone.Contains(b) && b.Path.Address.Equals(m.Address)))
            .ToArray();
        if (others.Length == 0)
        {
            FailWhereEveryHolderFailed();
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

    /// <param name="because">Why, when it is not that the current holder failed (then only worth an INFO line).</param>
    private void SwitchTo(SnapshotRef holder, string? because)
    {
        _searching = false;
        _names[holder.Actor] = holder.MemoryNode;
        if (because is null)
        {
            Context.System.Log.Warning("snapshot {0}: fetching from {1} instead of {2}", _snapshotId, holder.MemoryNode, _cursor.Current.MemoryNode);
        }
        else
        {
            Context.System.Log.Info("snapshot {0}: fetching from {1} instead of {2}: {3}", _snapshotId, holder.MemoryNode, _cursor.Current.MemoryNode, because);
        }

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

        _unavailable = [new HolderFailure(_cursor.Current.MemoryNode, Gone)];
        foreach (var id in _pending.Keys.ToArray())
        {
            Complete(id, p => p.Reply.TrySetException(new HoldersFailedException(_snapshotId, Failures(p))));
        }
    }

    /// <summary>
    /// A holder failed request <paramref name="requestId"/> (<paramref name="reason"/>): it is left for another holder
    /// unless one it went to may still answer; with no other holder, it fails.
    /// </summary>
    private void HolderFailed(long requestId, string reason)
    {
        if (!_pending.TryGetValue(requestId, out var pending))
        {
            _counters.LateReply();
            return;
        }

        var holder = AskedHolder(pending, Sender);
        pending.Assemblers.Remove(Sender);
        if (!pending.Failures.TryAdd(holder, reason))
        {
            return;
        }

        Timers.Cancel((requestId, holder));
        _broken.Add(holder);
        Context.System.Log.Warning("snapshot {0}: memory node {1} failed a fetch ({2}); trying another holder", _snapshotId, NameOf(holder), reason);
        if (IsAwaited(pending))
        {
            return; // another holder it went to may still answer
        }

        if (!pending.AskedHolders.Contains(_cursor.Current.Actor))
        {
            Send(requestId, pending);
            return;
        }

        FindAnotherHolder();
    }

    /// <summary>Fails the fetches that every holder they went to failed (a search found no other holder).</summary>
    private void FailWhereEveryHolderFailed()
    {
        foreach (var id in _pending.Where(p => p.Value.Failures.Count > 0 && !IsAwaited(p.Value)).Select(p => p.Key).ToArray())
        {
            Complete(id, p => p.Reply.TrySetException(new HoldersFailedException(_snapshotId, Failures(p))));
        }
    }

    /// <summary>Whether a holder the fetch went to may still answer it.</summary>
    private bool IsAwaited(Pending pending) => pending.AskedHolders.Any(h => !pending.Failures.ContainsKey(h) && !_gone.Contains(h));

    /// <summary>Every holder the fetch went to and why it did not serve it, in the order they were asked.</summary>
    private List<HolderFailure> Failures(Pending pending) =>
        pending.AskedHolders.Select(h => new HolderFailure(NameOf(h), pending.Failures.TryGetValue(h, out var reason) ? reason : _gone.Contains(h) ? Gone : "did not answer")).ToList();

    /// <summary>The holder a reply from <paramref name="sender"/> (its snapshot actor, or one of that actor's region actors) answers for.</summary>
    private static IActorRef AskedHolder(Pending pending, IActorRef sender) =>
        pending.AskedHolders.FirstOrDefault(h => h.Equals(sender) || h.Path.Equals(sender.Path.Parent))
        ?? pending.AskedHolders.FirstOrDefault(h => h.Path.Address.Equals(sender.Path.Address))
        ?? sender;

    private string NameOf(IActorRef holder) => _names.GetValueOrDefault(holder) ?? holder.Path.Address.ToString();

    private const string Gone = "is gone";

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
                HolderFailed(part.RequestId, $"sent a reply that is not acceptable: {problem}");
                return;
            }

            pending.Assemblers[Sender] = assembler;
        }

        if (!assembler.Add(part.Part, part.Parts, part.TotalBytes, part.Data))
        {
            HolderFailed(part.RequestId, $"sent reply part {part.Part}/{part.Parts}, which does not fit its reply");
            return;
        }

        if (!assembler.IsComplete)
        {
            return;
        }

        byte[] blob;
        try
        {
            blob = assembler.Assemble();
        }
        catch (InvalidDataException e)
        {
            HolderFailed(part.RequestId, $"sent a reply that does not add up: {e.Message}");
            return;
        }

        Complete(part.RequestId, p =>
        {
            _counters.Fetched(blob.Length);
            p.Reply.TrySetResult(blob);
        });
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

        /// <summary>The holders the fetch went to, in order.</summary>
        public List<IActorRef> AskedHolders { get; } = [];

        /// <summary>The holders that failed it, and why.</summary>
        public Dictionary<IActorRef, string> Failures { get; } = [];

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
