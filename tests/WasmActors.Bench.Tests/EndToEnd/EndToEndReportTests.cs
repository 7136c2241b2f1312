using System.Text.Json;
using WasmActors.Bench.EndToEnd;
using WasmActors.Wasm.Tests.Wasi;

namespace WasmActors.Bench.Tests.EndToEnd;

/// <summary>
/// `wasmactors-bench` in a tiny configuration (small samples, few repetitions, one small migration) runs every
/// section, including the in-process cluster, and writes report.md with every section, results.json and the plots.
/// </summary>
public sealed class EndToEndReportTests
{
    private static readonly EndToEndOptions Tiny = new()
    {
        Quick = true,
        ForkRepetitions = 1,
        DenseMebibytes = 2,
        SparseMebibytes = 8,
        ForkCounts = [1, 10],
        RemoteForkCounts = [1, 10],
        EngineThreadNice = 0, // the test shares the cores with other test processes
        MemoryForks = 10,
        MigrationMebibytes = [2],
        MigrationRepetitions = 1,
        FaultSamples = 50,
        RemoteForkRepetitions = 1,
        ExecPrograms = ["bigmem"],
        ExecRepetitions = 1,
        BaselineRepetitions = 1,
    };

    [Fact]
    public async Task A_tiny_run_writes_every_section_the_raw_numbers_and_the_plots()
    {
        var paths = RepositoryPaths.Find(SampleCase.SamplesDirectory)!;
        var results = await new EndToEndBenchmark(Tiny, paths, new NoProgress()).RunAsync();
        var directory = Directory.CreateTempSubdirectory("wasmactors-bench-report-").FullName;
        try
        {
            ReportFiles.Write(results, directory);

            // At this size bigmem ends within milliseconds on a run node, so its remote snapshot or migration may come
            // too late; every other section must have run.
            Assert.All(results.Problems, p => Assert.True(p.StartsWith("remote migration", StringComparison.Ordinal) || p.StartsWith("remote dense", StringComparison.Ordinal), p));
            Assert.Equal(2 * 5 * 2, results.ForkLatency.Count(f => f.Where == "in-process"));
            Assert.Contains(results.ForkLatency, f => f.Where == "remote");
            Assert.Contains(results.PageFaults, p => p.Path.StartsWith("tcp", StringComparison.Ordinal));
            Assert.Contains(results.PageFaults, p => p.Path.StartsWith("akka", StringComparison.Ordinal));
            Assert.Equal(2, results.ForkThroughput.Count(t => t.Where == "in-process"));
            Assert.Equal(10, Assert.Single(results.ForkMemory).Forks);
            Assert.Contains(results.Migration, m => m.Where == "in-process" && m.Mebibytes == 2);
            Assert.Equal("bigmem", Assert.Single(results.Exec).Program);
            Assert.Contains(results.Baselines, b => b.Name.StartsWith("Wasmtime instantiation", StringComparison.Ordinal));

            var markdown = await File.ReadAllTextAsync(Path.Combine(directory, ReportFiles.Markdown));
            Assert.All(MarkdownReport.Headings, heading => Assert.Contains(heading + "\n", markdown));

            using var json = JsonDocument.Parse(await File.ReadAllBytesAsync(Path.Combine(directory, ReportFiles.Json)));
            var root = json.RootElement.GetProperty("results");
            foreach (var section in new[] { "ForkLatency", "PageFaults", "ForkThroughput", "ForkMemory", "Migration", "Exec", "Baselines" })
            {
                Assert.True(root.GetProperty(section).GetArrayLength() > 0, section + " is empty in results.json");
            }

            Assert.NotEmpty(json.RootElement.GetProperty("goals").EnumerateArray());
            foreach (var plot in new[] { "fork-latency.png", "bytes-before-first-instruction.png", "forks-per-second.png", "latency-cdf.png" })
            {
                var bytes = await File.ReadAllBytesAsync(Path.Combine(directory, plot));
                Assert.True(bytes.AsSpan().StartsWith((byte[])[0x89, (byte)'P', (byte)'N', (byte)'G']), plot + " is not a PNG");
                Assert.Contains($"]({plot})", markdown);
            }
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
