using System.Diagnostics;
using Akka.Actor;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The run node's memory proxies and cache sweeping. A proxy serves the page faults of every instance forked from
/// its snapshot, so it is pinned while any such instance runs, a restore of it is in progress or a cached restore
/// refers to it; only unused proxies count against the bound and the idle timeout.
/// </summary>
internal sealed partial class RunNodeActor
{
    private readonly IdleCache<string, IActorRef> _proxies;
    private readonly Dictionary<string, int> _proxyUsers = new(StringComparer.Ordinal);
    private long _nextProxy;

    private IActorRef Proxy(SnapshotRef snapshot)
    {
        var now = Stopwatch.GetTimestamp();
        if (_proxies.TryGet(snapshot.SnapshotId, now, out var proxy))
        {
            return proxy;
        }

        // A numbered name: a dropped proxy's name stays taken until it has fully stopped.
        proxy = Context.ActorOf(MemoryProxyActor.Props(snapshot, _counters), $"proxy-{snapshot.SnapshotId}-{++_nextProxy}");
        Context.Watch(proxy);
        foreach (var (_, dropped) in _proxies.Set(snapshot.SnapshotId, proxy, now, ProxyInUse))
        {
            Context.Stop(dropped);
        }

        return proxy;
    }

    private bool ProxyInUse(string snapshotId, IActorRef proxy) =>
        _proxyUsers.ContainsKey(snapshotId) || _batches.Entries.Any(b => b.Key.SnapshotId == snapshotId);

    /// <summary>Counts users of a snapshot's proxy (running instances, restores in progress).</summary>
    private void Use(string snapshotId, int delta)
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

    private void ProxyStopped(IActorRef actor)
    {
        foreach (var (snapshotId, _) in _proxies.Entries.Where(e => e.Value.Equals(actor)).ToArray())
        {
            _proxies.Remove(snapshotId);
        }
    }

    private void Sweep()
    {
        var now = Stopwatch.GetTimestamp();
        _modules.Sweep(now);
        _batches.Sweep(now);
        foreach (var (_, dropped) in _proxies.Sweep(now, ProxyInUse))
        {
            Context.Stop(dropped);
        }
    }
}
