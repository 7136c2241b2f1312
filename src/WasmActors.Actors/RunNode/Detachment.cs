using System.Diagnostics;
using Akka.Event;
using WasmActors.Actors.Configuration;
using WasmActors.Snapshot.Restore;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// The background pull that makes one restore — and so every instance forked from it — independent of the memory
/// node its snapshot lives on (docs/adr-021-independent-after-migration.md): every piece still remote is fetched,
/// throttled, into the cache the instances' faults read, while they run. Thread-safe: read by the run node actor for
/// listings while the pull runs on the thread pool.
/// </summary>
internal sealed class Detachment
{
    private readonly RestoredInstance _restored;
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _pulledBytes;
    private long _finished;

    private Detachment(RestoredInstance restored) => _restored = restored;

    /// <summary>Bytes the pull has fetched so far (pieces the instances faulted in meanwhile are not counted).</summary>
    public long PulledBytes => Interlocked.Read(ref _pulledBytes);

    /// <summary>From the start of the pull to the moment nothing was remote any more; null until then.</summary>
    public TimeSpan? IndependentAfter => Interlocked.Read(ref _finished) is var t and > 0 ? Stopwatch.GetElapsedTime(_started, t) : null;

    /// <summary>Starts pulling what <paramref name="restored"/>'s forks could still fault in; a failure is logged and leaves them faulting as before.</summary>
    public static Detachment Start(RestoredInstance restored, DetachSettings settings, ILoggingAdapter log, string snapshotId)
    {
        var detachment = new Detachment(restored);
        // On the thread pool from the first line: the caller is the engine thread of the batch's last fork to start,
        // whose program would otherwise wait for the list of what to pull before its first instruction.
        _ = Task.Run(() => detachment.PullAsync(settings, log, snapshotId));
        return detachment;
    }

    private async Task PullAsync(DetachSettings settings, ILoggingAdapter log, string snapshotId)
    {
        try
        {
            var pulled = await _restored.PullRemainingAsync(settings.Batch, settings.BytesPerSecond, pulled: bytes => Interlocked.Add(ref _pulledBytes, bytes)).ConfigureAwait(false);
            Interlocked.Exchange(ref _finished, Stopwatch.GetTimestamp());
            log.Info("snapshot {0}: independent of its memory node after {1:0.###} s ({2:N0} bytes pulled)", snapshotId, IndependentAfter!.Value.TotalSeconds, pulled);
        }
        catch (Exception e)
        {
            // The instances go on faulting through the memory node, as forks that were never detached do.
            log.Warning("snapshot {0}: pulling what is still on the memory node failed, its instances keep faulting from it: {1}", snapshotId, e.Message);
        }
    }
}
