using System.Diagnostics;
using Xunit.Abstractions;

namespace WasmActors.Wasm.Tests.Wasi;

/// <summary>
/// Every sample program, end to end, in this engine and in Wasmtime: both must print exactly the recorded standard
/// output (samples/expected/*.stdout) and end the same way (exit status or trap). Set
/// WASMACTORS_RECORD_SAMPLES=1 to re-record the expected output from Wasmtime after changing a sample.
/// </summary>
public sealed class SampleProgramTests(ITestOutputHelper output)
{
    private static bool Recording => Environment.GetEnvironmentVariable("WASMACTORS_RECORD_SAMPLES") == "1";

    [Theory]
    [MemberData(nameof(SampleCase.Data), MemberType = typeof(SampleCase))]
    public void WasmtimeProducesTheRecordedOutput(SampleCase sample)
    {
        var outcome = RunInDirectory(sample, WasmtimeRunner.Run, out var elapsed);
        output.WriteLine($"wasmtime: {sample.Name} in {elapsed.TotalMilliseconds:F0} ms");
        if (Recording)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(sample.ExpectedStdoutPath)!);
            File.WriteAllText(sample.ExpectedStdoutPath, outcome.Stdout);
        }

        AssertOutcome(sample, outcome, trap => Assert.Contains(sample.Trap!, trap, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(SampleCase.Data), MemberType = typeof(SampleCase))]
    public void OurEngineProducesTheRecordedOutput(SampleCase sample)
    {
        var outcome = RunInDirectory(sample, OurEngineRunner.Run, out var elapsed);
        output.WriteLine($"ours: {sample.Name} in {elapsed.TotalMilliseconds:F0} ms");
        AssertOutcome(sample, outcome, trap => Assert.Equal(sample.Trap, trap));
    }

    [Fact]
    public void TheSandboxSampleReadsNothingOutsideAndLeavesTheOutsideFileAlone()
    {
        var sample = SampleCase.All.Single(c => c.Name == "sandbox");
        var parent = Directory.CreateTempSubdirectory("sample-sandbox-").FullName;
        try
        {
            var directory = Directory.CreateDirectory(Path.Combine(parent, "box")).FullName;
            sample.Setup!(directory);
            var outcome = OurEngineRunner.Run(sample, directory);
            Assert.Equal(0, outcome.ExitCode);
            Assert.DoesNotContain("SECRET", outcome.Stdout, StringComparison.Ordinal);
            Assert.Equal(["box", "outside.txt"], Directory.GetFileSystemEntries(parent).Select(Path.GetFileName).Order());
            Assert.Equal("SECRET\n", File.ReadAllText(Path.Combine(parent, "outside.txt")));
        }
        finally
        {
            Directory.Delete(parent, recursive: true);
        }
    }

    [Fact]
    public void TheFilesSampleLeavesOnlyItsSummaryInThePreopenedDirectory()
    {
        var sample = SampleCase.All.Single(c => c.Name == "files");
        var directory = Directory.CreateTempSubdirectory("sample-files-").FullName;
        try
        {
            var outcome = OurEngineRunner.Run(sample, directory);
            Assert.Equal(0, outcome.ExitCode);
            Assert.Equal(["files-summary.txt"], Directory.GetFileSystemEntries(directory).Select(Path.GetFileName));
            Assert.Equal("lines=1000 sum=333833500\n", File.ReadAllText(Path.Combine(directory, "files-summary.txt")));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static void AssertOutcome(SampleCase sample, SampleOutcome outcome, Action<string> assertTrap)
    {
        Assert.True(File.Exists(sample.ExpectedStdoutPath), $"no recorded output {sample.ExpectedStdoutPath}; run with WASMACTORS_RECORD_SAMPLES=1");
        Assert.Equal(File.ReadAllText(sample.ExpectedStdoutPath), outcome.Stdout);
        Assert.Equal(sample.ExitCode, outcome.ExitCode);
        if (sample.Trap is null)
        {
            Assert.Null(outcome.Trap);
        }
        else
        {
            Assert.NotNull(outcome.Trap);
            assertTrap(outcome.Trap);
        }
    }

    private static SampleOutcome RunInDirectory(SampleCase sample, Func<SampleCase, string?, SampleOutcome> run, out TimeSpan elapsed)
    {
        var parent = sample.NeedsDirectory ? Directory.CreateTempSubdirectory("sample-dir-").FullName : null;
        var directory = parent is null ? null : Directory.CreateDirectory(Path.Combine(parent, "box")).FullName;
        try
        {
            if (directory is not null)
            {
                sample.Setup?.Invoke(directory);
            }

            var clock = Stopwatch.StartNew();
            var outcome = run(sample, directory);
            elapsed = clock.Elapsed;
            return outcome;
        }
        finally
        {
            if (parent is not null)
            {
                Directory.Delete(parent, recursive: true);
            }
        }
    }
}
