using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;

namespace WasmActors.Actors.Dashboard;

/// <summary>
/// Takes <see cref="ClusterView"/>s through the orchestrator API, the same requests `wasmactors ls`, `stats` and
/// `snapshots` send, and turns the counters' growth between two views into rates (a counter that shrank, because an ended instance
/// left the list, counts as no growth).
/// </summary>
internal sealed class ClusterWatch(OrchestratorClient orchestrator)
{
    private (DateTime At, long Faults, long Inline, long Bulk)? _last;

    public async Task<ClusterView> TakeAsync()
    {
        var at = DateTime.UtcNow;
        try
        {
            var members = (await orchestrator.RunNodesAsync()).Concat(await orchestrator.MemoryNodesAsync())
                .GroupBy(n => n.Name)
                .Select(g => new MemberView(g.Key, g.SelectMany(n => n.Roles).Distinct().Order().ToArray(), g.First().Address.ToString()))
                .OrderBy(m => m.Name, StringComparer.Ordinal)
                .ToArray();
            var instances = await orchestrator.ListAsync();
            var snapshots = await orchestrator.SnapshotsAsync();
            var stats = await orchestrator.StatsAsync();
            return new ClusterView(at, members, snapshots, instances, stats, RatesOf(at, stats, instances), null);
        }
        catch (Exception e) when (e is OrchestratorException or Akka.Actor.AskTimeoutException or TimeoutException)
        {
            return new ClusterView(at, [], [], [], [], new ClusterRates(_last?.Faults ?? 0, 0, 0, 0, null, 0), e.Message);
        }
    }

    private ClusterRates RatesOf(DateTime at, IReadOnlyList<NodeStats> stats, IReadOnlyList<InstanceInfo> instances)
    {
        // Faults as the instances count them (either path); bytes as run nodes fetched them, per path.
        var faults = instances.Sum(i => i.Faults);
        var fetching = stats.Where(s => s.Roles.Contains("run")).ToArray();
        var inline = fetching.Sum(s => s.BytesServed);
        var bulk = fetching.Sum(s => s.BulkBytesServed);
        var last = _last;
        _last = (at, faults, inline, bulk);
        var seconds = last is { } l ? (at - l.At).TotalSeconds : 0;
        double PerSecond(long now, long before) => seconds > 0 ? Math.Max(0, now - before) / seconds : 0;
        return new ClusterRates(
            faults,
            PerSecond(faults, last?.Faults ?? faults),
            PerSecond(inline, last?.Inline ?? inline),
            PerSecond(bulk, last?.Bulk ?? bulk),
            stats.Max(s => s.ForkFirstInstructionP50Microseconds) / 1000,
            instances.Count(i => i.MovedTo is not null));
    }
}
