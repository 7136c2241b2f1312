using WasmActors.Actors;

namespace WasmActors.Bench.EndToEnd;

/// <summary>One goal from the issues, with the figure of this run it is compared against.</summary>
internal sealed record GoalCheck(string Issue, string Goal, string Measured, bool? Met);

/// <summary>The goals the issues set (snapshot #5, transport #6, actors #7), each checked against a run's figures.</summary>
internal static class Goals
{
    public static IReadOnlyList<GoalCheck> Check(BenchResults r)
    {
        var checks = new List<GoalCheck>();
        var inProcessFork = r.Baselines.FirstOrDefault(b => b.Name == "in-process COW fork" && b.Module == "dense");
        checks.Add(Compare("#5", "COW fork of a 64 MiB instance to its first instruction ≤ 10 µs (module code present; Wasmtime CoW instantiation 8.6 µs)", inProcessFork?.MedianMicros, 10, "µs"));

        var memory = r.ForkMemory.FirstOrDefault();
        checks.Add(memory is null
            ? Missing("#5", "1,000 COW forks of a 64 MiB parent touching 10 pages each hold < 1 GiB")
            : new GoalCheck("#5", $"{memory.Forks:N0} COW forks of the {memory.Sample} parent touching {memory.PagesWrittenEach} pages each hold < 1 GiB", $"{Bytes(memory.ManagedBytes)} ({Bytes((long)memory.BytesPerFork)} per fork)", memory.Forks >= 1000 ? memory.ManagedBytes < (1L << 30) : null));

        foreach (var path in new[] { "quic", "tcp" })
        {
            var row = r.PageFaults.FirstOrDefault(p => p.Path.StartsWith(path, StringComparison.Ordinal) && p.PageBytes == 4096);
            checks.Add(Compare("#6", $"4 KiB fetch p50 ≤ 50 µs over {path.ToUpperInvariant()} (loopback)", row?.P50Micros, 50, "µs"));
        }

        var quic64 = r.PageFaults.FirstOrDefault(p => p.Path.StartsWith("quic", StringComparison.Ordinal) && p.PageBytes == 65536);
        checks.Add(quic64?.MebibytesPerSecond is { } q
            ? new GoalCheck("#6", "QUIC ≥ 500 MiB/s with 64 KiB pages", $"{q:N0} MiB/s", q >= 500)
            : Missing("#6", "QUIC ≥ 500 MiB/s with 64 KiB pages"));
        var tcp64 = r.PageFaults.FirstOrDefault(p => p.Path.StartsWith("tcp", StringComparison.Ordinal) && p.PageBytes == 65536);
        checks.Add(tcp64?.MebibytesPerSecond is { } t
            ? new GoalCheck("#6", "TCP ≥ 2 GiB/s", $"{t:N0} MiB/s", t >= 2048)
            : Missing("#6", "TCP ≥ 2 GiB/s"));

        var remote = r.ForkLatency.Where(f => f.Where == "remote" && f.Mode == "Cow").MinBy(f => f.FirstInstructionMicros);
        checks.Add(remote is null
            ? Missing("#7", "remote COW fork to first instruction ≤ 0.5 ms p50 (module code cached on the run node)")
            : new GoalCheck("#7", "remote COW fork to first instruction ≤ 0.5 ms p50 (module code cached on the run node)", $"{remote.FirstInstructionMicros / 1000:0.00} ms ({remote.Granularity}, {remote.Sample})", remote.FirstInstructionMicros <= 500));

        var remoteRate = r.ForkThroughput.Where(t => t.Where == "remote").MaxBy(t => t.Forks);
        checks.Add(remoteRate is null
            ? Missing("#7", "≥ 1,000 remote COW forks/s of one snapshot to one run node")
            : new GoalCheck("#7", "≥ 1,000 remote COW forks/s of one snapshot to one run node", $"{remoteRate.ForksPerSecond:N0} forks/s ({remoteRate.Forks:N0} forks in one message)", remoteRate.ForksPerSecond >= 1000));

        var migration = r.Migration.Where(m => m.Mebibytes == 64).OrderBy(m => m.Where == "remote" ? 0 : 1).FirstOrDefault();
        checks.Add(migration is null
            ? Missing("#7", "live-migration downtime of a 64 MiB instance ≤ 10 ms")
            : new GoalCheck("#7", "live-migration downtime of a 64 MiB instance ≤ 10 ms", $"{migration.DowntimeMillis:0.0} ms ({migration.Where})", migration.DowntimeMillis <= 10));

        return checks;
    }

    private static GoalCheck Compare(string issue, string goal, double? measured, double limit, string unit) =>
        measured is { } m && !double.IsNaN(m) ? new GoalCheck(issue, goal, $"{m:0.0} {unit}", m <= limit) : Missing(issue, goal);

    private static GoalCheck Missing(string issue, string goal) => new(issue, goal, "not measured (see Problems)", null);

    public static string Bytes(long bytes) => ByteSize.Format(bytes);
}
