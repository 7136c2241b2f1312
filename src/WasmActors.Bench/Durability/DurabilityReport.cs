using System.Globalization;
using System.Text;
using WasmActors.Bench.EndToEnd;

namespace WasmActors.Bench.Durability;

/// <summary>The markdown report of <c>wasmactors-bench durability</c>: one table per figure, the load beside them.</summary>
internal static class DurabilityReport
{
    public const string FileName = "durability.md";

    /// <summary>Section headings, in order; the tests check that each is present.</summary>
    public static readonly string[] Headings = ["## Snapshot acknowledgement", "## Failover of a faulting fork", "## Independence after migration", "## Problems"];

    public static string Write(DurabilityResults r, DateTime startedUtc)
    {
        var s = new StringBuilder();
        s.AppendLine("# wasmactors-bench durability").AppendLine();
        s.AppendLine(Invariant($"Run {startedUtc:yyyy-MM-dd HH:mm} UTC on {Environment.ProcessorCount} cores, load average {r.LoadAverageAtStart} at the start and {r.LoadAverageAtEnd} at the end: on a shared machine other work inflates every time below."));

        s.AppendLine().AppendLine(Headings[0]).AppendLine();
        s.AppendLine("From the snapshot request to its acknowledgement: the run node answers once the memory node that took the upload has stored it and, with 2 replicas, copied it to the other memory node (docs/adr-022-snapshot-replication.md). A fresh instance each round (a whole snapshot, not a delta), snapshotted at its first output; in-process cluster over Akka.Remote on loopback, no durable store.").AppendLine();
        s.AppendLine("| program | replicas | snapshot | rounds | median | p90 |").AppendLine("|---|---|---|---|---|---|");
        foreach (var a in r.Acknowledgements)
        {
            s.AppendLine(Invariant($"| {a.Program} | {a.Replicas} | {Goals.Bytes(a.Bytes)} | {a.Rounds} | {a.MedianMilliseconds:N1} ms | {a.P90Milliseconds:N1} ms |"));
        }

        s.AppendLine().AppendLine(Headings[1]).AppendLine();
        s.AppendLine("Node processes (seed, two memory nodes, a run node). A COW fork at page granularity of a 16 MiB page walker, faulting one page per read and reporting each, while the memory node it fetches from is killed with SIGKILL; the other holder serves the rest (docs/adr-022, decision 8). Times from the kill: the run node's log line saying it moved to the other holder; the longest wait for a page and the moment pages flowed again; the fork's end.").AppendLine();
        if (r.Failover is { } f)
        {
            s.AppendLine("| killed holder | then served by | pages read before the kill / in all | run node moved | longest wait for a page | pages flowing again | fork's end | output equals the uninterrupted run |").AppendLine("|---|---|---|---|---|---|---|---|");
            s.AppendLine(Invariant($"| {f.Killed} | {f.ServedBy ?? "— (no move logged)"} | {f.PagesBeforeKill:N0} / {f.Pages:N0} | {(f.MovedSeconds is { } moved ? $"{moved:N2} s" : "—")} | {f.LongestWaitSeconds:N2} s | {f.ResumedSeconds:N2} s | {f.KillToEndSeconds:N2} s | {(f.OutputMatches ? "yes" : "**no**")} |"));
        }
        else
        {
            s.AppendLine("Not measured (no node processes: `--no-processes`, or see Problems).");
        }

        s.AppendLine().AppendLine(Headings[2]).AppendLine();
        s.AppendLine("A program with every page of its memory written, migrated run-1 → run-2; the target pulls what is still on the memory node in the background (docs/adr-021-independent-after-migration.md). The run node's own figures: from the start of the pull until nothing was remote, and the bytes it pulled (pages the program faulted in itself meanwhile excluded).").AppendLine();
        if (r.Independence is { } i)
        {
            s.AppendLine("| resident memory | independent after | pulled | pull throttle (`wasmactors.run-node.detach.bytes-per-second`) | migration downtime |").AppendLine("|---|---|---|---|---|");
            s.AppendLine(Invariant($"| {i.Mebibytes} MiB | {i.IndependentAfterSeconds:N2} s | {Goals.Bytes(i.PulledBytes)} | {Throttle(i.ThrottleBytesPerSecond)} | {i.DowntimeMilliseconds:N1} ms |"));
        }
        else
        {
            s.AppendLine("Not measured (see Problems).");
        }

        s.AppendLine().AppendLine(Headings[3]).AppendLine();
        if (r.Problems.Count == 0)
        {
            s.AppendLine("None: every step ran.");
        }

        foreach (var p in r.Problems)
        {
            s.AppendLine($"- {p}");
        }

        return s.ToString();
    }

    public static string Throttle(long? bytesPerSecond) => bytesPerSecond is { } rate ? $"{Goals.Bytes(rate)}/s" : "off";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
