using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using WasmActors.Actors.MemoryNode;
using WasmActors.Actors.RunNode;

namespace WasmActors.Actors.Telemetry;

/// <summary>
/// The one <see cref="Meter"/> and <see cref="ActivitySource"/> of WasmActors (both named <see cref="Name"/>). Counts
/// kept by the nodes' own counters are observed from them (every node in the process, tagged with its name), so
/// <c>wasmactors stats</c> and an OpenTelemetry exporter read the same figures; latencies are histograms recorded
/// where they are measured.
/// </summary>
public static class WasmActorsMetrics
{
    /// <summary>The name of the meter and of the activity source: what an OpenTelemetry exporter subscribes to.</summary>
    public const string Name = "WasmActors";

    public static readonly Meter Meter = new(Name, typeof(WasmActorsMetrics).Assembly.GetName().Version?.ToString());

    /// <summary>Spans for deploy, snapshot, fork and migrate, started where a node takes the request.</summary>
    public static readonly ActivitySource Activities = new(Name, typeof(WasmActorsMetrics).Assembly.GetName().Version?.ToString());

    private static readonly ConcurrentDictionary<string, RunNodeCounters> RunNodes = new(StringComparer.Ordinal);
    private static readonly ConcurrentDictionary<string, MemoryNodeCounters> MemoryNodes = new(StringComparer.Ordinal);

    /// <summary>Bucket bounds in milliseconds: warm forks start in well under a millisecond, cold ones in hundreds.</summary>
    private static readonly InstrumentAdvice<double> LatencyBuckets = new()
    {
        HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000],
    };

    private static readonly Histogram<double> ForkStart = Meter.CreateHistogram(
        "wasmactors.fork.start", "ms", "Time from a fork request's arrival on its run node to the fork's first instruction.", tags: null, LatencyBuckets);

    private static readonly Counter<long> Migrations = Meter.CreateCounter<long>(
        "wasmactors.migrations", "{migration}", "Migrations whose program continued on its target (counted on the source).");

    private static readonly Histogram<double> MigrationDowntime = Meter.CreateHistogram(
        "wasmactors.migration.downtime", "ms", "Time a migrated program ran nowhere: from its pause on the source to its first instruction on the target.", tags: null, LatencyBuckets);

    static WasmActorsMetrics()
    {
        Meter.CreateObservableCounter("wasmactors.page_faults", () => FromRunNodes(c => c.FaultRequests), "{fault}", "Page faults a run node sent to memory nodes.");
        Meter.CreateObservableCounter("wasmactors.bytes", Bytes, "By", "Snapshot bytes moved, by path (remote: Akka.Remote, bulk: the QUIC/TCP page path) and direction.");
        Meter.CreateObservableCounter("wasmactors.bulk.fallbacks", () => FromRunNodes(c => c.BulkFallbacks), "{fetch}", "Bulk page fetches that failed on a run node, whose pages then came over Akka.Remote.");
        Meter.CreateObservableCounter("wasmactors.forks", () => FromRunNodes(c => c.ForkStarts.Count), "{fork}", "Forks that reached their first instruction.");
        Meter.CreateObservableCounter("wasmactors.modules.loaded", () => FromRunNodes(c => c.DecodedModules?.Loads ?? 0), "{module}", "Modules of snapshots a run node fetched and decoded, for a fork or ahead of one.");
        Meter.CreateObservableUpDownCounter("wasmactors.modules.cached", () => FromRunNodes(c => c.DecodedModules?.Bytes ?? 0), "By", "Bytes of code of the decoded modules a run node keeps (at most wasmactors.run-node.decoded-module-cache-size).");
        Meter.CreateObservableUpDownCounter("wasmactors.instances", () => FromRunNodes(c => (long)c.Instances), "{instance}", "Instances a run node holds.");
        Meter.CreateObservableUpDownCounter("wasmactors.instances.running", () => FromRunNodes(c => (long)c.RunningInstances), "{instance}", "Instances running guest code now (holding a run slot).");
        Meter.CreateObservableCounter("wasmactors.chunks.served", () => FromMemoryNodes(c => c.Chunks), "{chunk}", "Snapshot chunks a memory node served.");
        Meter.CreateObservableUpDownCounter("wasmactors.snapshot.bytes", () => FromMemoryNodes(c => c.HeldBytes), "By", "Snapshot bytes a memory node holds.");
    }

    /// <summary>Makes a run node's counters visible to the meter until it is forgotten.</summary>
    internal static void Track(string node, RunNodeCounters counters) => RunNodes[node] = counters;

    /// <summary>Makes a memory node's counters visible to the meter until it is forgotten.</summary>
    internal static void Track(string node, MemoryNodeCounters counters) => MemoryNodes[node] = counters;

    internal static void Forget(string node, RunNodeCounters counters) => RunNodes.TryRemove(new KeyValuePair<string, RunNodeCounters>(node, counters));

    internal static void Forget(string node, MemoryNodeCounters counters) => MemoryNodes.TryRemove(new KeyValuePair<string, MemoryNodeCounters>(node, counters));

    internal static void ForkStarted(string node, double milliseconds) => ForkStart.Record(milliseconds, new KeyValuePair<string, object?>("node", node));

    internal static void Migrated(string node, double downtimeMilliseconds)
    {
        Migrations.Add(1, new KeyValuePair<string, object?>("node", node));
        MigrationDowntime.Record(downtimeMilliseconds, new KeyValuePair<string, object?>("node", node));
    }

    private static IEnumerable<Measurement<long>> FromRunNodes(Func<RunNodeCounters, long> value) =>
        RunNodes.Select(e => new Measurement<long>(value(e.Value), new KeyValuePair<string, object?>("node", e.Key)));

    private static IEnumerable<Measurement<long>> FromMemoryNodes(Func<MemoryNodeCounters, long> value) =>
        MemoryNodes.Select(e => new Measurement<long>(value(e.Value), new KeyValuePair<string, object?>("node", e.Key)));

    private static IEnumerable<Measurement<long>> Bytes()
    {
        foreach (var (node, c) in RunNodes)
        {
            yield return Measure(c.BytesFetched, node, "remote", "fetched");
            yield return Measure(c.BulkBytesFetched, node, "bulk", "fetched");
        }

        foreach (var (node, c) in MemoryNodes)
        {
            yield return Measure(c.Bytes, node, "remote", "served");
            yield return Measure(c.BulkBytes, node, "bulk", "served");
            yield return Measure(c.BulkCopyBytesReceived, node, "bulk", "copied-in");
        }
    }

    private static Measurement<long> Measure(long value, string node, string path, string direction) =>
        new(value, new("node", node), new("path", path), new("direction", direction));
}
