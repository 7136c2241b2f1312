using Akka.Event;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.RunNode;

/// <summary>
/// Makes a run node's bulk fetches that failed, and whose pages then came over Akka.Remote, visible: each is counted
/// (<see cref="RunNodeCounters.BulkFallbacks"/>, shown by <c>wasmactors stats</c> and the meter) and logged as a
/// warning naming the snapshot, the holder's bulk endpoint and the reason. A holder whose bulk path is down fails
/// every fetch of every fork, so the log keeps one line per endpoint per <see cref="Interval"/> and says how many it
/// left out since. Called on engine and restore threads.
/// </summary>
internal sealed class BulkFallbacks(ILoggingAdapter log, RunNodeCounters counters, TimeProvider? clock = null)
{
    /// <summary>Shortest time between two lines about one endpoint.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(10);

    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly Dictionary<string, (long LoggedAt, int Suppressed)> _endpoints = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public void Record(SnapshotRef snapshot, Exception reason)
    {
        counters.BulkFellBack();
        var endpoint = BulkClients.NameOf(snapshot.Bulk!);
        var now = _clock.GetTimestamp();
        int suppressed;
        lock (_lock)
        {
            if (_endpoints.TryGetValue(endpoint, out var last) && _clock.GetElapsedTime(last.LoggedAt, now) < Interval)
            {
                _endpoints[endpoint] = last with { Suppressed = last.Suppressed + 1 };
                return;
            }

            suppressed = last.Suppressed;
            _endpoints[endpoint] = (now, 0);
        }

        log.Warning(
            "snapshot {0}: the bulk fetch from {1} ({2}) failed ({3}: {4}); its pages come over Akka.Remote instead{5}",
            snapshot.SnapshotId,
            snapshot.MemoryNode,
            endpoint,
            reason.GetType().Name,
            reason.Message,
            suppressed > 0 ? $" ({suppressed} more such fallback(s) from this endpoint since the last line)" : "");
    }
}
