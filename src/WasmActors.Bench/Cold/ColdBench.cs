using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using WasmActors.Actors.Messages;
using WasmActors.Bench.EndToEnd;
using WasmActors.Node.Commands;

namespace WasmActors.Bench.Cold;

/// <summary>
/// What a user meets on a fresh cluster (ADR-024): each round starts new node processes (seed, memory node, three run
/// nodes), lets them settle, then deploys the counter sample on run-1, snapshots it, forks the snapshot COW at page
/// granularity on run-3 (a node that never ran the program) and migrates the program to run-2 (the cluster's first
/// migration); then the same once more on the now warm nodes; then starts run-4 and run-5 after the snapshots were
/// stored and forks the first snapshot on each (run-4 once settled, run-5 as soon as it is up). Every step is a <c>wasmactors</c> client process, so
/// the command line's own wall time per command comes out too.
/// </summary>
internal sealed partial class ColdBench(string wasmactors, RepositoryPaths paths, TimeSpan settle, Action<string> line)
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private readonly Dictionary<string, List<double>> _wall = new(StringComparer.Ordinal);

    public List<double> ColdForkMs { get; } = [];

    public List<double> WarmForkMs { get; } = [];

    public List<double> ColdMigrationMs { get; } = [];

    public List<double> WarmMigrationMs { get; } = [];

    /// <summary>First fork on a run node started after the snapshots were stored, once it has settled.</summary>
    public List<double> LateForkMs { get; } = [];

    /// <summary>First fork on a run node started after the snapshots were stored, as soon as it is up (its warm-up and prefetches still running).</summary>
    public List<double> BacklogForkMs { get; } = [];

    /// <summary>Wall time of each client command, process start included (milliseconds).</summary>
    public IReadOnlyDictionary<string, List<double>> CommandWallMs => _wall;

    public async Task RoundAsync(int round)
    {
        line($"round {round}: starting seed-1, memory-1, run-1..3");
        await using var cluster = await ColdCluster.StartAsync(wasmactors, paths.Hocon, runNodes: 3, TimeSpan.FromSeconds(120));
        await Task.Delay(settle);

        var deployed = Json(await Timed(cluster, "deploy", "deploy", "--json", paths.Sample("counter"), "--node", "run-1", "--", "100000000", "100", "20000"));
        var instance = deployed.GetProperty("instanceId").GetString()!;
        await Task.Delay(TimeSpan.FromSeconds(1));
        await Timed(cluster, "ls", "ls", "--json");
        await Timed(cluster, "stats", "stats", "--json");

        var snapshot = SnapshotId(await Timed(cluster, "snapshot", "snapshot", instance));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var fork = Json(await Timed(cluster, "fork", "fork", "--json", snapshot, "--granularity", "page", "--mode", "cow", "--node", "run-3"));
        var coldFork = FirstInstructionMs(fork);
        ColdForkMs.Add(coldFork);
        var migration = Json(await Timed(cluster, "migrate", "migrate", "--json", instance, "--to", "run-2"));
        var coldMigration = migration.GetProperty("downtimeMilliseconds").GetDouble();
        ColdMigrationMs.Add(coldMigration);
        var moved = migration.GetProperty("newInstanceId").GetString()!;
        line(string.Create(CultureInfo.InvariantCulture, $"round {round}, fresh nodes: first fork on run-3 {coldFork:0.0} ms to its first instruction; first migration {coldMigration:0.0} ms downtime"));
        line($"  first fork: {ForkPhases(fork)}");
        line($"  first migration: {MigrationSummary.Describe(Phases(migration))}");

        // The same on nodes that have now done it once: a new snapshot (its code known), a second migration.
        var again = SnapshotId(await Timed(cluster, "snapshot", "snapshot", moved));
        await Task.Delay(TimeSpan.FromSeconds(1));
        var secondFork = Json(await Timed(cluster, "fork", "fork", "--json", again, "--granularity", "page", "--mode", "cow", "--node", "run-3"));
        var warmFork = FirstInstructionMs(secondFork);
        WarmForkMs.Add(warmFork);
        var back = Json(await Timed(cluster, "migrate", "migrate", "--json", moved, "--to", "run-1"));
        var warmMigration = back.GetProperty("downtimeMilliseconds").GetDouble();
        WarmMigrationMs.Add(warmMigration);
        line(string.Create(CultureInfo.InvariantCulture, $"round {round}, second time: fork {warmFork:0.0} ms; migration {warmMigration:0.0} ms"));
        line($"  second fork: {ForkPhases(secondFork)}");
        line($"  second migration: {MigrationSummary.Describe(Phases(back))}");
        await Timed(cluster, "stop", "stop", back.GetProperty("newInstanceId").GetString()!);

        // Run nodes that join after the snapshots were stored: one given time to prefetch them (ListHeldSnapshots),
        // one forked as soon as it is up, while its warm-up and that backlog still run.
        await cluster.StartRunNodeAsync("run-4", TimeSpan.FromSeconds(120));
        await Task.Delay(settle);
        var late = Json(await Timed(cluster, "fork", "fork", "--json", snapshot, "--granularity", "page", "--mode", "cow", "--node", "run-4"));
        LateForkMs.Add(FirstInstructionMs(late));
        await cluster.StartRunNodeAsync("run-5", TimeSpan.FromSeconds(120));
        var early = Json(await Timed(cluster, "fork", "fork", "--json", snapshot, "--granularity", "page", "--mode", "cow", "--node", "run-5"));
        BacklogForkMs.Add(FirstInstructionMs(early));
        line(string.Create(CultureInfo.InvariantCulture, $"round {round}, run nodes joining later: first fork on run-4 (settled) {FirstInstructionMs(late):0.0} ms; on run-5 as soon as it is up {FirstInstructionMs(early):0.0} ms"));
        line($"  run-4: {ForkPhases(late)}");
        line($"  run-5: {ForkPhases(early)}");
    }

    public void Summarise()
    {
        line(string.Create(CultureInfo.InvariantCulture, $"first COW fork (page) on a fresh run node, to its first instruction: median {Percentiles.Median(ColdForkMs):0.0} ms over {ColdForkMs.Count} (second time: {Percentiles.Median(WarmForkMs):0.0} ms)"));
        line(string.Create(CultureInfo.InvariantCulture, $"first migration on a fresh cluster, downtime: median {Percentiles.Median(ColdMigrationMs):0.0} ms over {ColdMigrationMs.Count} (second time: {Percentiles.Median(WarmMigrationMs):0.0} ms)"));
        line(string.Create(CultureInfo.InvariantCulture, $"first COW fork (page) on a run node that joined after the snapshots were stored: median {Percentiles.Median(LateForkMs):0.0} ms settled, {Percentiles.Median(BacklogForkMs):0.0} ms as soon as it is up"));
        foreach (var (command, walls) in _wall)
        {
            line(string.Create(CultureInfo.InvariantCulture, $"wasmactors {command}: median {Percentiles.Median(walls):0} ms wall, process start included (max {walls.Max():0} ms, {walls.Count} runs)"));
        }
    }

    private async Task<string> Timed(ColdCluster cluster, string name, params string[] arguments)
    {
        var run = await cluster.ClientAsync(arguments);
        if (run.ExitCode != 0)
        {
            throw new InvalidOperationException($"wasmactors {string.Join(' ', arguments)} exited with {run.ExitCode}: {run.Error.Trim()}");
        }

        if (!_wall.TryGetValue(name, out var walls))
        {
            _wall[name] = walls = [];
        }

        walls.Add(run.Wall.TotalMilliseconds);
        return run.Output;
    }

    private static JsonElement Json(string output) => JsonDocument.Parse(output).RootElement;

    private static double FirstInstructionMs(JsonElement fork) => fork.GetProperty("cost").GetProperty("firstInstructionMicroseconds").GetDouble() / 1000;

    /// <summary>Where a fork's time to its first instruction went: the restore (fetches included) and the rest.</summary>
    private static string ForkPhases(JsonElement fork)
    {
        var cost = fork.GetProperty("cost");
        return string.Create(
            CultureInfo.InvariantCulture,
            $"restore {cost.GetProperty("restoreMilliseconds").GetDouble():0.00} ms ({cost.GetProperty("roundTrips").GetInt64()} round trip(s), {cost.GetProperty("bytesBeforeFirstInstruction").GetInt64():N0} B), then {FirstInstructionMs(fork) - cost.GetProperty("restoreMilliseconds").GetDouble():0.00} ms to the first instruction");
    }

    private static MigrationPhases? Phases(JsonElement migration) =>
        migration.TryGetProperty("phases", out var phases) ? phases.Deserialize<MigrationPhases>(JsonOptions) : null;

    private static string SnapshotId(string output) =>
        SnapshotIdPattern().Match(output) is { Success: true } match ? match.Value : throw new InvalidOperationException($"no snapshot id in: {output}");

    [GeneratedRegex("s-[0-9a-f]+")]
    private static partial Regex SnapshotIdPattern();
}
