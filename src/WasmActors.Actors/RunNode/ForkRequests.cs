using System.Diagnostics;
using Akka.Actor;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Internal;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Forks and continuations, for the run node actor (every call on its thread, with its context): restore a snapshot
/// once per granularity × mode (on a thread of its own, as it blocks on the memory node), then start each fork as an
/// O(1) copy-on-write child of the cached restore. The reply (<see cref="Forked"/>) leaves when every fork of the
/// request has reached its first instruction and reported itself running; the time to first instruction is stamped
/// on the engine threads.
/// </summary>
internal sealed class ForkRequests(WasmActorsSettings settings, RunNodeCounters counters, BulkClients bulk, BulkFallbacks fallbacks, InstanceTable instances, RestoreCaches caches, ModuleCache modules)
{
    // A migrated program continues copy-on-write at Mixture: its tables arrive before the first instruction, its
    // pages when touched (docs/adr-006-live-migration.md).
    private const Granularity ContinueGranularity = Granularity.Mixture;
    private const CopyMode ContinueMode = CopyMode.Cow;

    public void Fork(IActorContext context, ForkFrom request) => StartRestore(context, request, context.Sender, null, Stopwatch.GetTimestamp());

    public void Continue(IActorContext context, ContinueFrom request) =>
        StartRestore(context, new ForkFrom(request.RequestId, request.Snapshot, ContinueGranularity, ContinueMode, 1, request.Owner, Limits: request.Limits), context.Sender, request, Stopwatch.GetTimestamp());

    /// <summary>Restores and caches a migration's pre-copy base, starts nothing, answers <see cref="ContinuePrepared"/>.</summary>
    public void Prepare(IActorContext context, PrepareContinue request) =>
        StartRestore(context, new ForkFrom(request.RequestId, request.Base, ContinueGranularity, ContinueMode, 1, null), context.Sender, null, Stopwatch.GetTimestamp(), prepareOnly: true);

    public void OnRestored(IActorContext context, RestoreFinished done)
    {
        var request = done.Request;
        caches.Use(request.Snapshot.SnapshotId, -1);
        if (done.Batch is not { } batch)
        {
            done.Requester.Tell(new OperationFailed(request.RequestId, OperationOf(done.Continuation, done.PrepareOnly), $"restoring snapshot {request.Snapshot.SnapshotId} failed: {done.Error}"));
            return;
        }

        if (done.Continuation is null)
        {
            caches.KeepRestore(new RestoreKey(request.Snapshot.SnapshotId, request.Granularity, request.Mode), batch);
        }
        else if (done.Continuation.BaseSnapshotId is { } baseId)
        {
            // The pre-copy base served its one continuation.
            caches.DropRestore(new RestoreKey(baseId, ContinueGranularity, ContinueMode));
        }

        if (done.PrepareOnly)
        {
            done.Requester.Tell(new ContinuePrepared(request.RequestId, request.Snapshot.SnapshotId, done.Milliseconds));
            return;
        }

        StartForks(context, request, done.Requester, batch, done.Milliseconds, done.Continuation, done.RequestTimestamp);
    }

    /// <param name="prepareOnly">A <see cref="PrepareContinue"/>: restore and cache, start nothing, answer <see cref="ContinuePrepared"/>.</param>
    private void StartRestore(IActorContext context, ForkFrom request, IActorRef requester, ContinueFrom? continuation, long arrived, bool prepareOnly = false)
    {
        var operation = OperationOf(continuation, prepareOnly);
        var refusal = request.Count < 1 || request.Count > settings.MaxForkCount ? $"count {request.Count} is outside 1..{settings.MaxForkCount}" : null;
        if (!prepareOnly)
        {
            refusal ??= instances.Admit(request.Count, request.Limits, out _);
        }

        if (refusal is not null)
        {
            RunNodeActor.Refuse(context, requester, request.RequestId, operation, request.Snapshot.SnapshotId, refusal);
            return;
        }

        if (continuation is null && !prepareOnly)
        {
            Audit.Done(context, "fork", request.Snapshot.SnapshotId, requester, $"{request.Count} × {request.Granularity} {request.Mode}");
        }

        var key = new RestoreKey(request.Snapshot.SnapshotId, request.Granularity, request.Mode);
        if (continuation is null && caches.TryGetRestore(key, arrived, out var cached))
        {
            // The fast path: no restore, no hop through the run node's mailbox.
            if (prepareOnly)
            {
                requester.Tell(new ContinuePrepared(request.RequestId, request.Snapshot.SnapshotId, 0));
                return;
            }

            StartForks(context, request, requester, cached, 0, null, arrived);
            return;
        }

        // A migration's final delta restores on top of the pre-copy base this node restored while the program still
        // ran at the source: only what changed since is fetched.
        var warm = continuation?.BaseSnapshotId is { } baseId && caches.TryGetRestore(new RestoreKey(baseId, ContinueGranularity, ContinueMode), arrived, out var prepared)
            ? prepared.Restored
            : null;

        var snapshot = request.Snapshot;
        var (proxy, holder) = caches.Proxy(context, snapshot, forFork: true);
        // A fault waits on the bulk path no longer than it may wait at all, and past the holder timeout the proxy
        // looks for another holder: a holder killed outright answers nothing (docs/adr-022-snapshot-replication.md).
        var bulkTimeout = settings.Bulk.RequestTimeout < settings.PageFaultTimeout ? settings.Bulk.RequestTimeout : settings.PageFaultTimeout;
        Func<RegionLayout[], BulkPageFetcher>? bulkFetcher = snapshot.Bulk is not null && bulk.Enabled
            ? layout => new BulkPageFetcher(holder, layout, bulk, counters, fallbacks, bulkTimeout, settings.HolderTimeout, slow => proxy.Tell(new ProxyHolderFailed(slow.Actor)))
            : null;
        ISnapshotSource source = new RemoteSnapshotSource(proxy, settings.PageFaultTimeout, bulkFetcher, RestoreProgress(request));
        if (continuation?.Records is { } records && InlineRecordsSource.TryOpen(records, source) is { } inline)
        {
            source = inline; // the final delta's records came with the request: no round trip for them
        }
        else if (caches.Records(snapshot.SnapshotId) is { } prefetched)
        {
            source = new InlineRecordsSource(source, prefetched.Manifest, prefetched.Chunks); // a prefetch brought them
        }

        var preopens = settings.RunNode.Preopens;
        var self = context.Self;
        caches.Use(snapshot.SnapshotId, +1); // the restore itself faults through the proxy
        EngineThreads.Run(
            () =>
            {
                var clock = Stopwatch.StartNew();
                try
                {
                    var batch = ForkBatch.Restore(snapshot.SnapshotId, source, request.Granularity, request.Mode, preopens, warm, modules);
                    self.Tell(new RestoreFinished(request, requester, batch, null, clock.Elapsed.TotalMilliseconds, continuation, arrived, prepareOnly));
                }
                catch (Exception e)
                {
                    self.Tell(new RestoreFinished(request, requester, null, e.Message, clock.Elapsed.TotalMilliseconds, continuation, arrived, prepareOnly));
                }
            },
            settings.InstanceThreadStackBytes,
            EngineThreads.Restore);
    }

    /// <summary>A restore serves a fork, or (continuing or preparing to continue a program) a migration.</summary>
    private static string OperationOf(ContinueFrom? continuation, bool prepareOnly) => continuation is null && !prepareOnly ? "fork" : "migrate";

    /// <summary>Reports the restore's fetches to the request's progress actor (bytes so far, fetches so far; the total is not known ahead).</summary>
    private static Action<long>? RestoreProgress(ForkFrom request)
    {
        if (request.Progress is not { } progress)
        {
            return null;
        }

        long bytes = 0;
        var parts = 0;
        return size => progress.Tell(new TransferProgress(request.RequestId, "restore fetch", Interlocked.Add(ref bytes, size), -1, Interlocked.Increment(ref parts), -1));
    }

    private void StartForks(IActorContext context, ForkFrom request, IActorRef requester, ForkBatch batch, double restoreMilliseconds, ContinueFrom? continuation, long arrived)
    {
        var ids = new string[request.Count];
        var metrics = batch.Restored.Metrics;
        var created = Stopwatch.GetTimestamp();
        ICancelable? overdue = null;
        var node = settings.NodeName;
        // A migrated program must not depend on the memory node for the rest of its life; forks share its pages
        // unless asked. The pull starts once every instance has started, so it does not delay their first instruction.
        var detach = continuation is not null || (request.Detach ?? settings.RunNode.Detach.Forks) ? settings.RunNode.Detach : null;
        var log = context.System.Log;
        var tracker = new ForkStartTracker(
            ids.Length,
            arrived,
            t =>
            {
                overdue?.Cancel();
                var cost = new ForkCost(
                    request.Granularity,
                    request.Mode,
                    metrics.BytesBeforeFirstInstruction,
                    metrics.RequestsBeforeFirstInstruction,
                    restoreMilliseconds,
                    Stopwatch.GetElapsedTime(created).TotalMicroseconds / ids.Length,
                    t.FirstInstructionMicroseconds);
                requester.Tell(new Forked(request.RequestId, request.Snapshot.SnapshotId, node, ids, cost));
                if (detach is not null)
                {
                    batch.Detach(detach, log);
                }
            },
            counters.ForkStarts.Add);
        var owner = request.Owner ?? requester;
        var forkedFrom = continuation?.MovedFrom ?? request.Snapshot.SnapshotId;
        var limits = settings.RunNode.Limits.Resolve(request.Limits, out _); // checked when the request arrived
        for (var i = 0; i < ids.Length; i++)
        {
            var ticket = tracker.NewTicket();
            ids[i] = instances.Start(context, new ForkedProgram(batch, ticket, settings.RunNode.EngineThreadNice), owner, forkedFrom, request.Snapshot.SnapshotId, limits, ticket);
            caches.Use(request.Snapshot.SnapshotId, +1); // the instance faults through the proxy while it runs
        }

        // Belt and braces: a fork that never reports must not hold the reply forever.
        overdue = context.System.Scheduler.ScheduleTellOnceCancelable(settings.AskTimeout, context.Self, new ForkStartOverdue(tracker), ActorRefs.NoSender);
    }
}
