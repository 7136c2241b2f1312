namespace WasmActors.Bench.EndToEnd;

/// <summary>Everything one run measured: the JSON beside the report, and what the markdown and plots are drawn from.</summary>
internal sealed class BenchResults
{
    public required BenchMachine Machine { get; init; }

    public List<SampleInfo> Samples { get; } = [];

    public List<ForkLatencyRow> ForkLatency { get; } = [];

    public List<PageFaultRow> PageFaults { get; } = [];

    public List<ThroughputRow> ForkThroughput { get; } = [];

    public List<ForkMemoryRow> ForkMemory { get; } = [];

    public List<MigrationRow> Migration { get; } = [];

    public List<ExecRow> Exec { get; } = [];

    public double? ExecGeometricMean { get; set; }

    public List<BaselineRow> Baselines { get; } = [];

    /// <summary>Sections or rows that could not be measured, with the reason.</summary>
    public List<string> Problems { get; } = [];

    public double TotalSeconds { get; set; }

    /// <summary>Seconds each section took, in run order.</summary>
    public Dictionary<string, double> SectionSeconds { get; } = [];

    /// <summary>The 1-minute load average when the run ended (the start's is in <see cref="Machine"/>).</summary>
    public string LoadAverageAtEnd { get; set; } = "n/a";
}

internal sealed record BenchMachine(DateTime StartedUtc, int Cores, string Os, string Runtime, string LoadAverage, bool Quick);

/// <summary>A sample snapshot the fork sections restore.</summary>
internal sealed record SampleInfo(string Name, string Program, string Arguments, long MemoryBytes, long ResidentPages, long SnapshotBytes, double PausedAtFraction);

/// <summary>
/// Forks of one sample at one granularity × mode. Times are medians (and p99) over the repetitions; completion, bytes
/// and faults are from the last repetition, the only one run to its end (<see cref="CompletionCapped"/>: stopped at
/// the time limit, so the completion is a lower bound). <see cref="Where"/> is "in-process" or "remote".
/// </summary>
internal sealed record ForkLatencyRow(
    string Sample,
    string Where,
    string Granularity,
    string Mode,
    double FirstInstructionMicros,
    double FirstInstructionP99Micros,
    double? CompletionMillis,
    bool CompletionCapped,
    long BytesBeforeFirstInstruction,
    long BytesFetched,
    long Faults,
    double[] FirstInstructionSamples);

/// <summary>Single-page fetch latency over one path; <see cref="SortedMicros"/> draws its CDF.</summary>
internal sealed record PageFaultRow(string Path, int PageBytes, double P50Micros, double P99Micros, double? MebibytesPerSecond, double[] SortedMicros, string Note);

internal sealed record ThroughputRow(string Where, int Forks, double Seconds, double ForksPerSecond, string Note);

internal sealed record ForkMemoryRow(string Sample, int Forks, int PagesWrittenEach, long ManagedBytes, long OwnedPages, double BytesPerFork);

internal sealed record MigrationRow(int Mebibytes, string Where, double DowntimeMillis, double CaptureMillis, double RestoreMillis, long BytesBeforeFirstInstruction, string Note);

internal sealed record ExecRow(string Program, string Arguments, double OursMillis, double WasmtimeMillis, double Ratio, bool ResultsAgree);

internal sealed record BaselineRow(string Name, string Module, double MedianMicros, double P99Micros, string Note);
