using System.Diagnostics;
using Akka.Actor;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.RunNode;

/// <summary>A restore is cached per snapshot, granularity and mode.</summary>
internal readonly record struct RestoreKey(string SnapshotId, Granularity Granularity, CopyMode Mode);

/// <summary>
/// The run node's restores (one <see cref="ForkBatch"/> per snapshot × granularity × mode) and memory proxies (one
/// <see cref="MemoryProxyActor"/> per remote snapshot), both bounded and dropped when idle (wasmactors.run-node), and
/// the records prefetches brought for first restores. A proxy serves the page faults of every instance forked from
/// its snapshot, so it is pinned while any such instance runs, a restore of it is in progress or a cached restore
/// refers to it; only unused proxies count against the bound and the idle timeout. Owned by the run node actor: not
/// thread-safe.
/// </summary>
internal sealed class RestoreCaches(RunNodeSettings settings, RunNodeCounters counters, TimeSpan holderTimeout)
{
    /// <summary>
    /// Bound on the prefetched records kept (bytes): a few KiB per snapshot for small programs, so thousands of
    /// snapshots; kept least recently used first, and never dropped for idleness (a first fork may come at any time).
    /// </summary>
    private const long RecordsBytes = 16 << 20;

    private readonly IdleCache<RestoreKey, ForkBatch> _batches = new(settings.RestoreCache.MaxEntries, settings.RestoreCache.MaxBytes, settings.RestoreCache.IdleTimeout);
    private readonly IdleCache<string, IActorRef> _proxies = new(settings.MemoryProxies.MaxEntries, settings.MemoryProxies.MaxBytes, settings.MemoryProxies.IdleTimeout);
    private readonly IdleCache<string, SnapshotRecords> _records = new(int.MaxValue, RecordsBytes, TimeSpan.MaxValue, r => r.Bytes);
    private readonly Dictionary<string, int> _proxyUsers = new(StringComparer.Ordinal);
    private readonly Dictionary<IActorRef, HolderCursor> _holders = [];
    private long _nextProxy;

    public int Restores => _batches.Count;

    public int Proxies => _proxies.Count;

    public bool TryGetRestore(RestoreKey key, long now, out ForkBatch batch) => _batches.TryGet(key, now, out batch);

    public void KeepRestore(RestoreKey key, ForkBatch batch) => _batches.Set(key, batch, Stopwatch.GetTimestamp());

    public void DropRestore(RestoreKey key) => _batches.Remove(key);

    /// <summary>
    /// Keeps a snapshot's prefetched records for its first restore here (ADR-024). Without <paramref name="displace"/>
    /// (an inner snapshot of a lineage, the least likely to be forked) only into free room.
    /// </summary>
    public void KeepRecords(string snapshotId, SnapshotRecords records, bool displace = true)
    {
        if (displace)
        {
            _records.Set(snapshotId, records, Stopwatch.GetTimestamp());
        }
        else
        {
            _records.TryAddIntoFreeRoom(snapshotId, records, Stopwatch.GetTimestamp());
        }
    }

    /// <summary>The snapshot's records, if a prefetch brought them.</summary>
    public SnapshotRecords? Records(string snapshotId) => _records.TryGet(snapshotId, Stopwatch.GetTimestamp(), out var records) ? records : null;

    /// <summary>
    /// The snapshot's proxy, started as a child of <paramref name="context"/>'s actor if there is none, and the
    /// holder it fetches from. With <paramref name="forFork"/>, a proxy fetching from another holder than the one
    /// <paramref name="snapshot"/> names moves to it (a prefetch's holder is only the one that listed the snapshot).
    /// </summary>
    public (IActorRef Proxy, HolderCursor Holder) Proxy(IActorContext context, SnapshotRef snapshot, bool forFork = false)
    {
        var now = Stopwatch.GetTimestamp();
        if (_proxies.TryGet(snapshot.SnapshotId, now, out var proxy))
        {
            var cursor = _holders[proxy];
            if (!RestartedSince(cursor.Current, snapshot))
            {
                // Told before the restore starts, so the proxy has moved before it serves any of the restore's fetches.
                if (forFork && !cursor.Current.Actor.Equals(snapshot.Actor))
                {
                    proxy.Tell(new ProxyHolderNamed(snapshot));
                }

                return (proxy, cursor);
            }

            // Made for the snapshot as an earlier incarnation of the same memory node served it (restarted on its
            // store): instances still running on it keep it; new restores get one for the snapshot's actor now.
            _proxies.Remove(snapshot.SnapshotId);
            if (!_proxyUsers.ContainsKey(snapshot.SnapshotId))
            {
                context.Stop(proxy);
            }
        }

        // A numbered name: a dropped proxy's name stays taken until it has fully stopped.
        var holder = new HolderCursor(snapshot);
        proxy = context.ActorOf(MemoryProxyActor.Props(holder, counters, holderTimeout), $"proxy-{snapshot.SnapshotId}-{++_nextProxy}");
        _holders[proxy] = holder;
        context.Watch(proxy);
        foreach (var (_, dropped) in _proxies.Set(snapshot.SnapshotId, proxy, now, ProxyInUse))
        {
            context.Stop(dropped);
        }

        return (proxy, holder);
    }

    /// <summary>Counts users of a snapshot's proxy (running instances, restores in progress).</summary>
    public void Use(string snapshotId, int delta)
    {
        var users = _proxyUsers.GetValueOrDefault(snapshotId) + delta;
        if (users > 0)
        {
            _proxyUsers[snapshotId] = users;
        }
        else
        {
            _proxyUsers.Remove(snapshotId);
            // The last user is gone: the idle timeout starts now.
            _proxies.TryGet(snapshotId, Stopwatch.GetTimestamp(), out _);
        }
    }

    /// <summary>A child stopped: if it was a proxy, its snapshot gets a new one when next asked.</summary>
    public void ProxyStopped(IActorRef actor)
    {
        foreach (var (snapshotId, _) in _proxies.Entries.Where(e => e.Value.Equals(actor)).ToArray())
        {
            _proxies.Remove(snapshotId);
        }

        _holders.Remove(actor);
    }

    public void Sweep(IActorContext context, long now)
    {
        _batches.Sweep(now);
        foreach (var (_, dropped) in _proxies.Sweep(now, ProxyInUse))
        {
            context.Stop(dropped);
        }
    }

    private bool ProxyInUse(string snapshotId, IActorRef proxy) =>
        _proxyUsers.ContainsKey(snapshotId) || _batches.Entries.Any(b => b.Key.SnapshotId == snapshotId);

    /// <summary>Whether <paramref name="requested"/> is served by a new incarnation of the memory node <paramref name="known"/> names.</summary>
    private static bool RestartedSince(SnapshotRef known, SnapshotRef requested) =>
        known.Actor.Path.Address.Equals(requested.Actor.Path.Address) && !known.Actor.Equals(requested.Actor);
}
