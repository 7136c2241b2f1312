namespace WasmActors.Bench.Durability;

/// <summary>What one <c>wasmactors-bench durability</c> run measured; a step that could not run leaves a problem instead.</summary>
internal sealed class DurabilityResults
{
    public required string LoadAverageAtStart { get; init; }

    public string LoadAverageAtEnd { get; set; } = "n/a";

    public List<AcknowledgementRow> Acknowledgements { get; } = [];

    public FailoverRow? Failover { get; set; }

    public IndependenceRow? Independence { get; set; }

    /// <summary>Steps that could not be measured, with the reason.</summary>
    public List<string> Problems { get; } = [];
}

/// <summary>
/// Snapshots of a running <paramref name="Program"/> with <paramref name="Replicas"/> memory nodes holding each: from
/// the capture request to the acknowledgement (the run node answers once the memory node has sent SnapshotStored).
/// </summary>
internal sealed record AcknowledgementRow(string Program, int Replicas, long Bytes, double MedianMilliseconds, double P90Milliseconds, int Rounds);

/// <summary>
/// A COW fork at page granularity faulting pages from <paramref name="Killed"/> when it was killed with SIGKILL, in
/// seconds from the kill: when the run node logged that it fetches from <paramref name="ServedBy"/> instead (null:
/// it logged no move), the longest wait for a page and when it ended (<paramref name="ResumedSeconds"/>), and the
/// fork's end; and whether its output equals the uninterrupted program's from the same point.
/// </summary>
internal sealed record FailoverRow(
    string Killed,
    string? ServedBy,
    double? MovedSeconds,
    int PagesBeforeKill,
    int Pages,
    double ResumedSeconds,
    double LongestWaitSeconds,
    double KillToEndSeconds,
    bool OutputMatches);

/// <summary>
/// A migrated program of <paramref name="Mebibytes"/> resident memory: how long its target's pull took until nothing
/// was left on a memory node, the bytes it pulled, and the pull's throttle (wasmactors.run-node.detach.bytes-per-second;
/// null: off).
/// </summary>
internal sealed record IndependenceRow(int Mebibytes, double IndependentAfterSeconds, long PulledBytes, long? ThrottleBytesPerSecond, double DowntimeMilliseconds);
