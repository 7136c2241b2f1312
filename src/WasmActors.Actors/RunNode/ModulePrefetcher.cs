using Akka.Actor;
using Akka.Event;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.RunNode;

/// <summary>A prefetch of a snapshot's code has ended (either way): its proxy may go idle, the next one may start.</summary>
/// <param name="CacheFull">Some of its code found no room in the module cache.</param>
/// <param name="Records">The snapshot's records for its first restore here, if they were fetched.</param>
internal sealed record PrefetchEnded(string SnapshotId, bool CacheFull, SnapshotRecords? Records = null) : INoSerializationVerificationNeeded;

/// <summary>
/// Takes the first-use costs of a snapshot off its first fork here (ADR-024): the snapshot's code is fetched in one
/// request, decoded and validated into the node's module cache, its manifest and records are kept for the first
/// restore (<see cref="RestoreCaches.KeepRecords"/>), and the bulk connection to its memory node is brought up.
/// Snapshots come from announcements as they are stored (<see cref="SnapshotAnnounced"/>) and from the memory nodes'
/// lists of what they held before (<see cref="HeldSnapshots"/>); the new ones go first, the latest of each lineage
/// stored before next, the snapshots a later one is a delta of last (their code is the lineage's, so mostly they cost
/// their records, which take free room only: a fork of one is the least likely). One prefetch
/// at a time, on a thread of its own below normal priority, so forks find the restore threads and the cores free;
/// each snapshot once. Snapshots stored before are prefetched into free room only, and once one finds the cache
/// full the rest are left to their first forks: the cache holds more recent code. For the run node actor: every
/// call on its thread.
/// </summary>
internal sealed class ModulePrefetcher(WasmActorsSettings settings, BulkClients bulk, RestoreCaches caches, ModuleCache modules, RunNodeCounters counters)
{
    private readonly Queue<SnapshotRef> _announced = new();
    private readonly Queue<SnapshotRef> _storedBefore = new();
    private readonly Queue<SnapshotRef> _inner = new();
    private readonly HashSet<string> _seen = new(StringComparer.Ordinal);

    /// <summary>The queue the running prefetch came from (one at a time); null when none runs.</summary>
    private Queue<SnapshotRef>? _running;

    /// <summary>A memory node has just stored this snapshot.</summary>
    public void Announced(IActorContext context, SnapshotRef snapshot) => Enqueue(context, [snapshot], _announced);

    /// <summary>A memory node held these snapshots when this node first saw it.</summary>
    public void Held(IActorContext context, HeldSnapshots held) => Enqueue(context, held.Snapshots, held.Inner ? _inner : _storedBefore);

    public void Ended(IActorContext context, PrefetchEnded ended)
    {
        var from = _running;
        _running = null;
        caches.Use(ended.SnapshotId, -1);
        if (ended.Records is { } records)
        {
            caches.KeepRecords(ended.SnapshotId, records, displace: from != _inner);
        }

        counters.Prefetched();
        if (ended.CacheFull && from != _announced && _storedBefore.Count > 0)
        {
            context.System.Log.Info("the module cache is full: the code of {0} snapshot(s) stored before is left to their first forks", _storedBefore.Count);
            _storedBefore.Clear();
        }

        StartNext(context);
    }

    private void Enqueue(IActorContext context, IEnumerable<SnapshotRef> snapshots, Queue<SnapshotRef> queue)
    {
        if (!settings.RunNode.ModulePrefetch)
        {
            return;
        }

        foreach (var snapshot in snapshots.Where(s => _seen.Add(s.SnapshotId)))
        {
            queue.Enqueue(snapshot);
        }

        StartNext(context);
    }

    private void StartNext(IActorContext context)
    {
        if (_running is not null || new[] { _announced, _storedBefore, _inner }.FirstOrDefault(queue => queue.Count > 0) is not { } from)
        {
            return;
        }

        var snapshot = from.Dequeue();
        _running = from;
        var source = new RemoteSnapshotSource(caches.Proxy(context, snapshot).Proxy, settings.PageFaultTimeout);
        caches.Use(snapshot.SnapshotId, +1);
        var self = context.Self;
        var log = context.System.Log;
        var displace = from == _announced;
        LowPriorityThread.Start("module prefetch", () => Fetch(snapshot, source, displace, self, log), settings.InstanceThreadStackBytes);
    }

    /// <summary>The prefetch itself, on its thread; <paramref name="self"/> hears when it has ended, either way.</summary>
    private void Fetch(SnapshotRef snapshot, ISnapshotSource source, bool displace, IActorRef self, ILoggingAdapter log)
    {
        var result = default(PrefetchResult);
        try
        {
            if (snapshot.Bulk is { } endpoint && bulk.Enabled)
            {
                // Connected now, the bulk path is ready for the first fault of the first fork.
                bulk.GetAsync(endpoint).Wait(settings.Bulk.RequestTimeout);
            }

            result = ModulePrefetch.Prefetch(source, modules, displace);
            log.Debug("prefetched the code of snapshot {0}: {1} new module(s), {2} without room in the cache", snapshot.SnapshotId, result.Cached, result.NoRoom);
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Only an optimisation: the first fork fetches the code itself, and reports any real problem.
            log.Debug("prefetching the code of snapshot {0} failed: {1}", snapshot.SnapshotId, e.GetBaseException().Message);
        }
        finally
        {
            self.Tell(new PrefetchEnded(snapshot.SnapshotId, result.NoRoom > 0, result.Records));
        }
    }
}
