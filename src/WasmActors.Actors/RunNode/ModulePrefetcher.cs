using Akka.Actor;
using Akka.Event;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Engine;
using WasmActors.Actors.Messages;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.RunNode;

/// <summary>A prefetch of a snapshot's code has ended (either way): its proxy may go idle.</summary>
internal sealed record PrefetchEnded(string SnapshotId) : INoSerializationVerificationNeeded;

/// <summary>
/// Takes the first-use costs of a snapshot off its first fork here (ADR-024): when a memory node announces a new
/// snapshot (<see cref="SnapshotAnnounced"/>), its code is fetched in one request, decoded and validated into the
/// module cache, and the bulk connection to that memory node is brought up, on a restore thread. A snapshot whose
/// code is already cached costs two small round trips. For the run node actor: every call on its thread.
/// </summary>
internal sealed class ModulePrefetcher(WasmActorsSettings settings, BulkClients bulk, RestoreCaches caches)
{
    public void Prefetch(IActorContext context, SnapshotRef snapshot)
    {
        if (!settings.RunNode.ModulePrefetch)
        {
            return;
        }

        var source = new RemoteSnapshotSource(caches.Proxy(context, snapshot).Proxy, settings.PageFaultTimeout);
        caches.Use(snapshot.SnapshotId, +1);
        var self = context.Self;
        var log = context.System.Log;
        EngineThreads.Run(
            () =>
            {
                try
                {
                    if (snapshot.Bulk is { } endpoint && bulk.Enabled)
                    {
                        // Connected now, the bulk path is ready for the first fault of the first fork.
                        bulk.GetAsync(endpoint).Wait(settings.Bulk.RequestTimeout);
                    }

                    var added = ModulePrefetch.Prefetch(source);
                    log.Debug("prefetched the code of snapshot {0}: {1} new module(s)", snapshot.SnapshotId, added);
                }
                catch (Exception e) when (e is not OutOfMemoryException)
                {
                    // Only an optimisation: the first fork fetches the code itself, and reports any real problem.
                    log.Debug("prefetching the code of snapshot {0} failed: {1}", snapshot.SnapshotId, e.GetBaseException().Message);
                }
                finally
                {
                    self.Tell(new PrefetchEnded(snapshot.SnapshotId));
                }
            },
            settings.InstanceThreadStackBytes,
            EngineThreads.Restore);
    }

    public void Ended(PrefetchEnded ended) => caches.Use(ended.SnapshotId, -1);
}
