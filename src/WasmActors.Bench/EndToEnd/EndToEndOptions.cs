using WasmActors.Bench.Exec;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// The sizes of one end-to-end run. <see cref="Full"/> is the real benchmark, <see cref="Quick"/> fits in under three
/// minutes on two cores, and tests build tinier ones: every section runs in each, only the counts shrink.
/// </summary>
internal sealed record EndToEndOptions
{
    public required bool Quick { get; init; }

    /// <summary>Timed restores per granularity × mode (the median and p99 are reported).</summary>
    public int ForkRepetitions { get; init; } = 10;

    /// <summary>MiB of the dense sample (samples/bigmem: every 4 KiB page written).</summary>
    public int DenseMebibytes { get; init; } = 64;

    /// <summary>MiB of the sparse sample (samples/sparse: one page in 256 written).</summary>
    public int SparseMebibytes { get; init; } = 256;

    /// <summary>Fork counts of the throughput section.</summary>
    public int[] ForkCounts { get; init; } = [1, 10, 100, 1000];

    /// <summary>
    /// Fork counts of the remote throughput section. Its forks of the counter compute flat out; the run node's run slots
    /// (docs/adr-007-run-slots.md) keep a thousand of them from starving the node's own threads.
    /// </summary>
    public int[] RemoteForkCounts { get; init; } = [1, 10, 100, 1000];

    /// <summary>Forks kept alive at once to measure memory per fork.</summary>
    public int MemoryForks { get; init; } = 1000;

    /// <summary>Memory sizes of the migration section, in MiB.</summary>
    public int[] MigrationMebibytes { get; init; } = [1, 16, 64, 256];

    /// <summary>Remote migrations per size (the median is reported).</summary>
    public int MigrationRepetitions { get; init; } = 5;

    /// <summary>How long the one run to completion per granularity × mode may take before it is stopped.</summary>
    public TimeSpan CompletionLimit { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Timed page fetches per transport.</summary>
    public int FaultSamples { get; init; } = 10_000;

    /// <summary>Remote forks timed one by one per granularity × mode.</summary>
    public int RemoteForkRepetitions { get; init; } = 5;

    /// <summary>Nice value of the cluster's engine threads (see <see cref="BenchCluster.StartAsync"/>).</summary>
    public int EngineThreadNice { get; init; } = 19;

    /// <summary>Start a memory node and two run nodes in this process for the remote figures.</summary>
    public bool Cluster { get; init; } = true;

    /// <summary>Programs of the execution section (names from <see cref="BenchProgram.All"/>); empty for none.</summary>
    public string[] ExecPrograms { get; init; } = [.. BenchProgram.All.Select(p => p.Name)];

    /// <summary>Timed runs per program and engine in the execution section.</summary>
    public int ExecRepetitions { get; init; } = 3;

    /// <summary>Wasmtime instantiations and cold starts timed for the baselines.</summary>
    public int BaselineRepetitions { get; init; } = 20;

    public static EndToEndOptions Full { get; } = new() { Quick = false };

    public static EndToEndOptions QuickRun { get; } = new()
    {
        Quick = true,
        ForkRepetitions = 3,
        CompletionLimit = TimeSpan.FromSeconds(3),
        FaultSamples = 2000,
        RemoteForkRepetitions = 3,
        MigrationRepetitions = 5,
        ExecPrograms = ["sort", "sha256", "matrix", "bigmem", "pidigits"],
        ExecRepetitions = 1,
        BaselineRepetitions = 5,
    };
}
