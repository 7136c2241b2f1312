using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Each per-program limit on a real in-process cluster: a program passing fuel, wall time or output ends with a
/// trap naming the limit; at its memory or open-files limit it sees memory.grow fail or EMFILE; a limit out of
/// range is refused before anything starts; a migrated program keeps its limits.
/// </summary>
public sealed class ProgramLimitsTests(ITestOutputHelper output) : WasmActorsTestKit(output)
{
    // Steps enough to run far longer than any test: only a limit (or the test) ends these.
    private static readonly string[] Forever = ["100000000", "1000000", "20000"];

    protected override int RunNodeCount => 2;

    [Fact]
    public async Task AProgramOutOfFuelEndsWithATrapNamingTheLimit()
    {
        var (_, program) = await DeploySampleAsync("counter", Forever, limits: new ProgramLimits(Fuel: 200_000));
        var trapped = Assert.IsType<InstanceTrapped>(await AwaitEndAsync(program));
        Assert.Contains("limit fuel = 200,000", trapped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProgramPastItsWallTimeEndsWithATrapNamingTheLimit()
    {
        var (_, program) = await DeploySampleAsync("counter", Forever, limits: new ProgramLimits(WallTimeMilliseconds: 300));
        var trapped = Assert.IsType<InstanceTrapped>(await AwaitEndAsync(program));
        Assert.Contains("limit wall-time = 0.3 s", trapped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AProgramPastItsOutputTotalEndsWithATrapAndNothingBeyondItLeaves()
    {
        var (_, program) = await DeploySampleAsync("counter", ["100000", "1", "10"], limits: new ProgramLimits(OutputBytes: 200));
        var trapped = Assert.IsType<InstanceTrapped>(await AwaitEndAsync(program));
        Assert.Contains("limit output-bytes = 200 B", trapped.Message, StringComparison.Ordinal);
        Assert.InRange(System.Text.Encoding.UTF8.GetByteCount(program.Text()), 1, 200);
    }

    [Fact]
    public async Task AProgramWritingFasterThanItsOutputRateEndsWithATrapNamingTheLimit()
    {
        var (_, program) = await DeploySampleAsync("counter", ["100000000", "1", "10"], limits: new ProgramLimits(OutputBytesPerSecond: 1000));
        var trapped = Assert.IsType<InstanceTrapped>(await AwaitEndAsync(program));
        Assert.Contains("limit output-bytes-per-second = 1000 B", trapped.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AtItsMemoryLimitAProgramSeesItsAllocationFail()
    {
        // bigmem starts with 80 MiB of memory and mallocs 100 MiB: memory.grow fails at 90 MiB, so malloc returns
        // NULL and the program says so.
        var (_, program) = await DeploySampleAsync("bigmem", ["100"], limits: new ProgramLimits(MaxMemoryBytes: 90 << 20));
        var exited = Assert.IsType<InstanceExited>(await AwaitEndAsync(program));
        Assert.Equal(1, exited.ExitCode);
        Assert.Contains("cannot allocate 100 MiB", program.Text(2), StringComparison.Ordinal);

        // A program whose memory starts above its limit never reaches its first instruction.
        (_, program) = await DeploySampleAsync("bigmem", ["1"], limits: new ProgramLimits(MaxMemoryBytes: 16 << 20));
        var trapped = Assert.IsType<InstanceTrapped>(await AwaitEndAsync(program));
        Assert.Contains("limit max-memory = 16.0 MiB: the program starts with 80.0 MiB", trapped.Message, StringComparison.Ordinal);
        Assert.Equal("", program.Text());
    }

    [Fact]
    public async Task AtItsOpenFilesLimitAProgramGetsEmfile()
    {
        var folder = Directory.CreateDirectory(Path.Combine("/tmp/wasmactors", $"limits-{Guid.NewGuid():N}")).FullName;
        try
        {
            // Three standard streams and the preopen fill four descriptors: the program's first fopen gets EMFILE.
            var outputCollector = new ProgramOutput(Sys);
            await Orchestrator.DeployAsync(
                await File.ReadAllBytesAsync(RepositoryFiles.Sample("files")), "files", null, null, outputCollector.Ref, preopens: [$"{folder}::/data"], limits: new ProgramLimits(OpenFiles: 4));
            Assert.IsType<InstanceExited>(await AwaitEndAsync(outputCollector));
            Assert.Contains("FAILED: fopen numbers.txt: No file descriptors available", outputCollector.Text(), StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public async Task ALimitOutOfRangeIsRefusedBeforeAnythingStarts()
    {
        var refused = await Assert.ThrowsAsync<OrchestratorException>(() => DeploySampleAsync("counter", Forever, limits: new ProgramLimits(Fuel: 0)));
        Assert.Contains("limit fuel = 0", refused.Message, StringComparison.Ordinal);
        refused = await Assert.ThrowsAsync<OrchestratorException>(() => DeploySampleAsync("counter", Forever, limits: new ProgramLimits(MaxMemoryBytes: 1L << 40)));
        Assert.Contains("limit max-memory", refused.Message, StringComparison.Ordinal);
        Assert.Empty(await Orchestrator.ListAsync());
    }

    [Fact]
    public async Task AMigratedProgramKeepsItsWallTime()
    {
        var (deployed, program) = await DeploySampleAsync("counter", Forever, node: "run-1", limits: new ProgramLimits(WallTimeMilliseconds: 8000));
        await program.WaitForAsync(text => text.Length > 0, Timeout);
        var migrated = await MigrateAsync(deployed.InstanceId, "run-2");
        var trapped = Assert.IsType<InstanceTrapped>(await AwaitEndAsync(program));
        Assert.Contains("limit wall-time = ", trapped.Message, StringComparison.Ordinal);
        Assert.Equal(migrated.NewInstanceId, trapped.InstanceId);
    }
}
