using WasmActors.Bench.Commands;
using WasmActors.Bench.Durability;
using WasmActors.Bench.EndToEnd;
using WasmActors.Wasm.Tests.Wasi;
using Xunit.Abstractions;

namespace WasmActors.Bench.Tests.Durability;

/// <summary>
/// `wasmactors-bench durability`: its in-process steps with one round each give every row with positive figures; its
/// failover step on node processes ends with the fork's right output, served by the surviving holder; bad arguments
/// are refused before anything starts.
/// </summary>
public sealed class BenchDurabilityCommandTests(ITestOutputHelper output)
{
    [Fact]
    public async Task The_in_process_steps_report_acknowledgement_and_independence_rows_with_positive_figures()
    {
        var paths = RepositoryPaths.Find(SampleCase.SamplesDirectory)!;
        var lines = new List<string>();
        var results = await new DurabilityBench(paths, rounds: 1, engineThreadNice: 19, wasmactors: null, line => Heard(lines, line))
            .RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(4));

        Assert.Empty(results.Problems);
        Assert.Equal(
            ["counter/1", "16 MiB resident/1", "counter/2", "16 MiB resident/2"],
            results.Acknowledgements.Select(a => $"{a.Program}/{a.Replicas}"));
        Assert.All(results.Acknowledgements, a =>
        {
            Assert.True(a.MedianMilliseconds > 0 && a.P90Milliseconds >= a.MedianMilliseconds && a.Bytes > 0, a.ToString());
            Assert.Equal(1, a.Rounds);
        });
        var resident = results.Acknowledgements.Single(a => a.Program.StartsWith("16 MiB", StringComparison.Ordinal) && a.Replicas == 1);
        Assert.True(resident.Bytes >= 16L << 20, $"a 16 MiB resident snapshot holds {resident.Bytes} bytes");

        var independence = results.Independence!;
        Assert.True(independence.IndependentAfterSeconds > 0, independence.ToString());
        // The program writes only a 256 KiB table after the migration: nearly all of its 64 MiB is pulled.
        Assert.True(independence.PulledBytes > 32L << 20, independence.ToString());
        Assert.Equal(64L << 20, independence.ThrottleBytesPerSecond);

        var report = DurabilityReport.Write(results, DateTime.UtcNow);
        Assert.All(DurabilityReport.Headings, h => Assert.Contains(h, report, StringComparison.Ordinal));
        Assert.Contains("| counter | 2 |", report, StringComparison.Ordinal);
        Assert.Contains("| 64 MiB |", report, StringComparison.Ordinal);
        Assert.Contains("64.0 MiB/s", report, StringComparison.Ordinal);
        Assert.Contains(lines, l => l.StartsWith("step 3/3:", StringComparison.Ordinal) && l.Contains("independent after", StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_failover_step_kills_the_holder_and_the_fork_finishes_from_the_other_with_the_uninterrupted_output()
    {
        var paths = RepositoryPaths.Find(SampleCase.SamplesDirectory)!;
        var wasmactors = Path.Combine(AppContext.BaseDirectory, "wasmactors.dll");
        var row = await new FailoverBench(wasmactors, paths, line => Heard([], line)).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromMinutes(4));

        Assert.True(row.OutputMatches, row.ToString());
        Assert.Equal(row.Killed == "memory-1" ? "memory-2" : "memory-1", row.ServedBy);
        Assert.True(row.Pages > row.PagesBeforeKill && row.PagesBeforeKill > 0, row.ToString());
        Assert.True(row.MovedSeconds > 0 && row.LongestWaitSeconds > 0 && row.ResumedSeconds >= row.LongestWaitSeconds && row.KillToEndSeconds >= row.ResumedSeconds, row.ToString());
        output.WriteLine(row.ToString());
    }

    private void Heard(List<string> lines, string line)
    {
        lock (lines)
        {
            lines.Add(line);
        }

        output.WriteLine($"{DateTime.UtcNow:HH:mm:ss.fff} {line}");
    }

    [Theory]
    [InlineData(0, 19)]
    [InlineData(1, 20)]
    public async Task Bad_arguments_are_refused_with_a_reason_and_exit_code_2(int rounds, int nice)
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var arguments = new DurabilityArguments(rounds, null, NoProcesses: true, nice, null, SampleCase.SamplesDirectory);
        Assert.Equal(2, await BenchDurabilityCommand.RunAsync(arguments, output, error));
        Assert.Contains("wasmactors-bench durability:", error.ToString(), StringComparison.Ordinal);
        Assert.Empty(output.ToString());
    }

    [Fact]
    public async Task A_missing_wasmactors_for_the_node_processes_is_refused_before_anything_starts()
    {
        var (output, error) = (new StringWriter(), new StringWriter());
        var arguments = new DurabilityArguments(1, "/nonexistent/wasmactors.dll", NoProcesses: false, 19, null, SampleCase.SamplesDirectory);
        Assert.Equal(2, await BenchDurabilityCommand.RunAsync(arguments, output, error));
        Assert.Contains("/nonexistent/wasmactors.dll must exist", error.ToString(), StringComparison.Ordinal);
    }
}
