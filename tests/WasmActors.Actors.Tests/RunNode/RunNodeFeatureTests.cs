using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Run node behaviour over the real cluster: forks reported at their first instruction, bounded caches, deploy
/// preopens within the node's roots, and transfer progress from part acknowledgements.
/// </summary>
public sealed class RunNodeFeatureTests(ITestOutputHelper output) : WasmActorsTestKit(output, Config)
{
    private static readonly string PreopenRoot = Directory.CreateTempSubdirectory("wasmactors-preopen-root-").FullName;

    private static string Config => $$"""
        wasmactors.run-node {
          restore-cache.max-entries = 1
          module-cache.max-entries = 2
          preopen-roots = ["{{PreopenRoot}}"]
        }
        """;

    [Fact]
    public async Task AForkIsRepliedToAtItsFirstInstructionAndTheNodeCountsIt()
    {
        var (deployed, _) = await DeploySampleAsync("counter", ["1000000", "10", "20000"]);
        var taken = await SnapshotAsync(deployed.InstanceId, leavePaused: true);
        var (forked, forkOutput) = await ForkAsync(taken.SnapshotId, count: 3);

        Assert.Equal(3, forked.InstanceIds.Length);
        Assert.True(forked.Cost.FirstInstructionMicroseconds > 0, $"first instruction at {forked.Cost.FirstInstructionMicroseconds}");
        var stats = (await Orchestrator.StatsAsync()).Single(s => s.Node == "run-1");
        Assert.True(stats.ForksStarted >= 3);
        Assert.True(stats.ForkFirstInstructionP50Microseconds > 0);
        Assert.True(stats.ForkFirstInstructionP99Microseconds >= stats.ForkFirstInstructionP50Microseconds);
        foreach (var id in forked.InstanceIds.Append(deployed.InstanceId))
        {
            await Orchestrator.StopAsync(id);
        }
    }

    [Fact]
    public async Task TheRunNodesCachesStayWithinTheirConfiguredBounds()
    {
        var runNode = (await Orchestrator.RunNodesAsync()).Single();
        var modules = new[] { "args_env", "errors", "strings" };
        foreach (var sample in modules)
        {
            await Orchestrator.UploadAsync(runNode, await File.ReadAllBytesAsync(RepositoryFiles.Sample(sample)));
        }

        // Two snapshots forked: the restore cache (max 1) keeps only the latest.
        var snapshots = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var (deployed, _) = await DeploySampleAsync("counter", ["1000000", "10", "20000"]);
            snapshots.Add((await SnapshotAsync(deployed.InstanceId, leavePaused: true)).SnapshotId);
            await Orchestrator.StopAsync(deployed.InstanceId);
        }

        foreach (var snapshot in snapshots)
        {
            var (forked, _) = await ForkAsync(snapshot);
            await Orchestrator.StopAsync(forked.InstanceIds[0]);
        }

        var stats = (await Orchestrator.StatsAsync()).Single(s => s.Node == "run-1");
        Assert.Equal(2, stats.CachedModules);
        Assert.Equal(1, stats.Snapshots);
        Output!.WriteLine($"modules {stats.CachedModules}, restores {stats.Snapshots}, proxies {stats.MemoryProxies}");
    }

    [Fact]
    public async Task ADeployedProgramGetsItsPreopenedDirectoryInsideTheRoots()
    {
        var data = Directory.CreateDirectory(Path.Combine(PreopenRoot, "data")).FullName;
        var programOutput = new ProgramOutput(Sys);
        await Orchestrator.DeployAsync(await File.ReadAllBytesAsync(RepositoryFiles.Sample("files")), "files", owner: programOutput.Ref, preopens: [$"{data}::/data"]);
        Assert.Equal(0, Assert.IsType<InstanceExited>(await AwaitEndAsync(programOutput)).ExitCode);
        Assert.Equal(await File.ReadAllTextAsync(Path.Combine(Path.GetDirectoryName(RepositoryFiles.Sample("files"))!, "expected", "files.stdout")), programOutput.Text());
        Assert.NotEmpty(Directory.EnumerateFileSystemEntries(data));
    }

    [Fact]
    public async Task APreopenOutsideTheRootsIsRefused()
    {
        var outside = Directory.CreateTempSubdirectory("wasmactors-outside-").FullName;
        var wasm = await File.ReadAllBytesAsync(RepositoryFiles.Sample("files"));
        var refused = await Assert.ThrowsAsync<OrchestratorException>(() => Orchestrator.DeployAsync(wasm, "files", preopens: [$"{outside}::/data"]));
        Assert.Contains("outside this run node's preopen roots", refused.Message, StringComparison.Ordinal);

        // A link inside the root that leads out is judged by where it leads.
        var link = Path.Combine(PreopenRoot, "escape");
        if (!Path.Exists(link))
        {
            Directory.CreateSymbolicLink(link, outside);
        }

        refused = await Assert.ThrowsAsync<OrchestratorException>(() => Orchestrator.DeployAsync(wasm, "files", preopens: [$"{link}::/data"]));
        Assert.Contains("outside this run node's preopen roots", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task LongTransfersReportProgressFromTheirParts()
    {
        // bigmem's module is small, so make a module of several frames: a valid binary with a large custom section.
        var wasm = LargeModule(200_000);
        var uploads = new List<TransferProgress>();
        var runNode = (await Orchestrator.RunNodesAsync()).Single();
        await Orchestrator.UploadAsync(runNode, wasm, new Collect(uploads));
        await AwaitConditionAsync(() => Task.FromResult(Snapshot(uploads).Any(p => p.Bytes == wasm.Length)), Timeout);
        var all = Snapshot(uploads);
        Assert.All(all, p => Assert.Equal("module upload", p.What));
        Assert.True(all.Length >= 2, $"{all.Length} progress reports");
        Assert.Equal(all.Select(p => p.Parts).Order(), all.Select(p => p.Parts));

        var (deployed, _) = await DeploySampleAsync("counter", ["1000000", "10", "20000"]);
        var snapshotParts = new List<TransferProgress>();
        var taken = await Orchestrator.SnapshotAsync(deployed.InstanceId, leavePaused: true, new Collect(snapshotParts));
        await AwaitConditionAsync(() => Task.FromResult(Snapshot(snapshotParts).Any(p => p.Parts == p.TotalParts)), Timeout);
        Assert.Equal(taken.Bytes > 0 ? Snapshot(snapshotParts)[^1].TotalBytes : 0, Snapshot(snapshotParts)[^1].Bytes);

        var fetches = new List<TransferProgress>();
        var forked = await Orchestrator.ForkAsync(taken.SnapshotId, Granularity.Mixture, CopyMode.NoCow, progress: new Collect(fetches));
        await AwaitConditionAsync(() => Task.FromResult(Snapshot(fetches).Length > 0), Timeout);
        Assert.All(Snapshot(fetches), p => Assert.Equal("restore fetch", p.What));
        await Orchestrator.StopAsync(forked.InstanceIds[0]);
        await Orchestrator.StopAsync(deployed.InstanceId);
    }

    private static TransferProgress[] Snapshot(List<TransferProgress> list)
    {
        lock (list)
        {
            return [.. list];
        }
    }

    /// <summary>An empty module with one custom section of <paramref name="size"/> bytes.</summary>
    private static byte[] LargeModule(int size)
    {
        var name = "padding"u8.ToArray();
        var content = new List<byte> { (byte)name.Length };
        content.AddRange(name);
        content.AddRange(new byte[size]);
        var section = new List<byte> { 0 };
        section.AddRange(Leb(content.Count));
        section.AddRange(content);
        return [0, (byte)'a', (byte)'s', (byte)'m', 1, 0, 0, 0, .. section];
    }

    private static IEnumerable<byte> Leb(int value)
    {
        do
        {
            var b = (byte)(value & 0x7f);
            value >>= 7;
            yield return value != 0 ? (byte)(b | 0x80) : b;
        }
        while (value != 0);
    }

    private sealed class Collect(List<TransferProgress> into) : IProgress<TransferProgress>
    {
        public void Report(TransferProgress value)
        {
            lock (into)
            {
                into.Add(value);
            }
        }
    }
}
