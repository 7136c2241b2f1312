using System.Globalization;
using System.Text;

namespace WasmActors.Bench.EndToEnd;

/// <summary>The report: every measured figure in a table, next to its goal from the issues, with the plots linked.</summary>
internal static class MarkdownReport
{
    /// <summary>Section headings, in order; the tests check that each is present.</summary>
    public static readonly string[] Headings =
    [
        "## Goals", "## Fork latency", "## Page-fault service", "## Fork throughput", "## Memory per fork", "## Live migration", "## Execution vs Wasmtime", "## Baselines", "## Problems",
    ];

    public static string Write(BenchResults r, IReadOnlyList<string> plots)
    {
        var s = new StringBuilder();
        var m = r.Machine;
        s.AppendLine("# wasmactors-bench — end-to-end report").AppendLine();
        s.AppendLine(Invariant($"Run {m.StartedUtc:yyyy-MM-dd HH:mm} UTC{(m.Quick ? " (`--quick`)" : "")} on {m.Cores} cores, {m.Os}, {m.Runtime}, load average {m.LoadAverage} at the start; {r.TotalSeconds:0} s in all. Everything ran in one process over loopback: forks through WasmActors.Snapshot, pages over the real transports, and a memory node plus two run nodes as separate ActorSystems over Akka.Remote. Raw numbers: [results.json](results.json)."));
        s.AppendLine();
        s.AppendLine(Invariant($"Load average {m.LoadAverage} at the start and {r.LoadAverageAtEnd} at the end: on a shared machine other work competes for the cores and inflates every time below. Section times: {string.Join(", ", r.SectionSeconds.Select(x => $"{x.Key} {x.Value:0} s"))}."));
        s.AppendLine();

        s.AppendLine(Headings[0]).AppendLine();
        s.AppendLine("| issue | goal | measured | met |").AppendLine("|---|---|---|---|");
        foreach (var g in Goals.Check(r))
        {
            s.AppendLine($"| {g.Issue} | {g.Goal} | {g.Measured} | {g.Met switch { true => "yes", false => "**no**", null => "—" }} |");
        }

        s.AppendLine().AppendLine("Samples (paused part-way through their run, then captured):").AppendLine();
        s.AppendLine("| name | program | memory | written pages | snapshot chunks | paused at |").AppendLine("|---|---|---|---|---|---|");
        foreach (var x in r.Samples)
        {
            s.AppendLine(Invariant($"| {x.Name} | `{x.Program} {x.Arguments}` | {(x.MemoryBytes > 0 ? Goals.Bytes(x.MemoryBytes) : "—")} | {(x.MemoryBytes > 0 ? x.ResidentPages.ToString("N0", CultureInfo.InvariantCulture) : "—")} | {Goals.Bytes(x.SnapshotBytes)} | {(double.IsNaN(x.PausedAtFraction) ? "mid-run" : $"{x.PausedAtFraction:P0}")} |"));
        }

        s.AppendLine().AppendLine(Headings[1]).AppendLine();
        s.AppendLine("Restore of a snapshot to its first instruction and to the end of the program (the last repetition only; *more than* marks a run stopped at the time limit). In-process rows restore from an in-process mirror (the module's code already cached); remote rows are one `ForkFrom` message from the orchestrator to run-1, timed to the reply, which the run node sends once the fork has reached its first instruction, the run node restoring from the memory node over Akka.Remote and the bulk path. Goal (#5): an O(1) COW fork ≤ 10 µs — see Baselines for the fork of an already restored snapshot; (#7): remote COW fork ≤ 0.5 ms p50.").AppendLine();
        s.AppendLine("| sample | where | granularity | mode | first instruction p50 | p99 | to completion | bytes before first instruction | bytes fetched | faults |").AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var f in r.ForkLatency)
        {
            s.AppendLine(Invariant($"| {f.Sample} | {f.Where} | {f.Granularity} | {f.Mode} | {Micros(f.FirstInstructionMicros)} | {Micros(f.FirstInstructionP99Micros)} | {Completion(f)} | {Goals.Bytes(f.BytesBeforeFirstInstruction)} | {Goals.Bytes(f.BytesFetched)} | {Count(f.Faults)} |"));
        }

        s.AppendLine().AppendLine(Headings[2]).AppendLine();
        s.AppendLine("One page per request, one request at a time: what a page fault waits for. Goals (#6): 4 KiB p50 ≤ 50 µs over QUIC and TCP; QUIC ≥ 500 MiB/s and TCP ≥ 2 GiB/s streaming 64 KiB pages. Reference on this machine (#6): an Akka.NET Ask with a 4 KiB reply ~190 µs p50, ~630 µs p99.").AppendLine();
        s.AppendLine("| path | page | p50 | p99 | MiB/s | how |").AppendLine("|---|---|---|---|---|---|");
        foreach (var p in r.PageFaults)
        {
            s.AppendLine(Invariant($"| {p.Path} | {Goals.Bytes(p.PageBytes)} | {Micros(p.P50Micros)} | {Micros(p.P99Micros)} | {(p.MebibytesPerSecond is { } rate ? $"{rate:N0}" : "—")} | {p.Note} |"));
        }

        s.AppendLine().AppendLine(Headings[3]).AppendLine();
        s.AppendLine("Forks of one snapshot. Goal (#7): ≥ 1,000 remote COW forks/s to one run node, `--count N` being one message.").AppendLine();
        s.AppendLine("| where | forks | seconds | forks/s | how |").AppendLine("|---|---|---|---|---|");
        foreach (var t in r.ForkThroughput)
        {
            s.AppendLine(Invariant($"| {t.Where} | {t.Forks:N0} | {t.Seconds:0.0000} | {t.ForksPerSecond:N0} | {t.Note} |"));
        }

        s.AppendLine().AppendLine(Headings[4]).AppendLine();
        s.AppendLine("COW forks kept alive at once, each writing pages spread over the parent's memory; managed heap growth measured with full collections. Goal (#5): 1,000 forks of a 64 MiB parent touching 10 pages each < 1 GiB.").AppendLine();
        s.AppendLine("| parent | forks | pages written each | heap growth | per fork | pages owned by the forks |").AppendLine("|---|---|---|---|---|---|");
        foreach (var f in r.ForkMemory)
        {
            s.AppendLine(Invariant($"| {f.Sample} | {f.Forks:N0} | {f.PagesWrittenEach} | {Goals.Bytes(f.ManagedBytes)} | {Goals.Bytes((long)f.BytesPerFork)} | {f.OwnedPages:N0} |"));
        }

        s.AppendLine().AppendLine(Headings[5]).AppendLine();
        s.AppendLine("Downtime: from the pause to the first instruction on the target. bigmem of each size, paused after its write pass. Goal (#7): ≤ 10 ms for 64 MiB.").AppendLine();
        s.AppendLine("| memory | where | downtime | capture | restore | bytes before first instruction | how |").AppendLine("|---|---|---|---|---|---|---|");
        foreach (var g in r.Migration)
        {
            s.AppendLine(Invariant($"| {g.Mebibytes} MiB | {g.Where} | {g.DowntimeMillis:N1} ms | {Ms(g.CaptureMillis)} | {Ms(g.RestoreMillis)} | {Goals.Bytes(g.BytesBeforeFirstInstruction)} | {g.Note} |"));
        }

        s.AppendLine().AppendLine(Headings[6]).AppendLine();
        s.AppendLine(Invariant($"The samples in this engine and in Wasmtime (NuGet, compiled code) in the same process, median of runs (instantiate + `_start`). Geometric mean of the ratios: **{r.ExecGeometricMean:0.0}x**.")).AppendLine();
        s.AppendLine("| program | args | wasmactors | wasmtime | ratio | same result |").AppendLine("|---|---|---|---|---|---|");
        foreach (var e in r.Exec)
        {
            s.AppendLine(Invariant($"| {e.Program} | {e.Arguments} | {e.OursMillis:N1} ms | {e.WasmtimeMillis:N1} ms | {e.Ratio:0.0}x | {(e.ResultsAgree ? "yes" : "**no**")} |"));
        }

        s.AppendLine().AppendLine(Headings[7]).AppendLine();
        s.AppendLine("What a fork competes with, on the same module. Reference (#5): Wasmtime instantiates a 64 MiB module with copy-on-write memory in 8.6 µs (338 µs without); copying 64 MiB takes 6 ms.").AppendLine();
        s.AppendLine("| baseline | module | p50 | p99 | how |").AppendLine("|---|---|---|---|---|");
        foreach (var b in r.Baselines)
        {
            s.AppendLine(Invariant($"| {b.Name} | {b.Module} | {Micros(b.MedianMicros)} | {Micros(b.P99Micros)} | {b.Note} |"));
        }

        s.AppendLine().AppendLine("## Plots").AppendLine();
        foreach (var plot in plots)
        {
            s.AppendLine($"![{Path.GetFileNameWithoutExtension(plot)}]({plot})").AppendLine();
        }

        s.AppendLine(Headings[8]).AppendLine();
        if (r.Problems.Count == 0)
        {
            s.AppendLine("None: every section ran.");
        }

        foreach (var p in r.Problems)
        {
            s.AppendLine($"- {p}");
        }

        return s.ToString();
    }

    private static string Micros(double micros) => double.IsNaN(micros) ? "—" : micros >= 1000 ? Invariant($"{micros / 1000:N2} ms") : Invariant($"{micros:N1} µs");

    private static string Completion(ForkLatencyRow f) =>
        f.CompletionMillis is not { } c ? "—" : (f.CompletionCapped ? "more than " : "") + Invariant($"{c:N1} ms");

    /// <summary>Negative counts were not measured.</summary>
    private static string Count(long count) => count >= 0 ? count.ToString("N0", CultureInfo.InvariantCulture) : "—";

    private static string Ms(double millis) => double.IsNaN(millis) ? "—" : Invariant($"{millis:N1} ms");

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
