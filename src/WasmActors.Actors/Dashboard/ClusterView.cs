using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Dashboard;

/// <summary>What the dashboard shows at one moment: the cluster as the orchestrator API sees it, and its rates.</summary>
internal sealed record ClusterView(
    DateTime At,
    IReadOnlyList<MemberView> Members,
    IReadOnlyList<SnapshotInfo> Snapshots,
    IReadOnlyList<InstanceInfo> Instances,
    IReadOnlyList<NodeStats> Nodes,
    ClusterRates Rates,
    string? Error);

/// <summary>A member with its roles ("run", "memory").</summary>
internal sealed record MemberView(string Name, IReadOnlyList<string> Roles, string Address);

/// <summary>
/// The figures charted over time: page faults of the listed instances, and per second since the view before their
/// faults and the bytes run nodes fetched per path (inline through Akka, bulk over QUIC/TCP); the slowest node's
/// median fork start; migrations among the listed instances.
/// </summary>
internal sealed record ClusterRates(
    long Faults,
    double FaultsPerSecond,
    double InlineBytesPerSecond,
    double BulkBytesPerSecond,
    double? ForkStartP50Milliseconds,
    int Migrations);
