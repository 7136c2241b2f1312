using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// End to end: the three hocon node files launched as separate `wasmactors node` processes on loopback, talking
/// Akka.Remote over TLS with one cluster certificate, and a program deployed, snapshotted, forked and migrated
/// across them from this process; the migrated program, once independent, outlives the memory node killed with SIGKILL.
/// </summary>
public sealed class MultiProcessTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task ForkAndMigrationAcrossNodeProcessesMatchALocalRun()
    {
        Assert.True(File.Exists(NodeProcesses.Executable), $"{NodeProcesses.Executable} is built with the tests");
        var seedPort = NodeProcesses.FreePort();
        var seed = $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}";
        await using var nodes = new NodeProcesses(output);
        nodes.Launch("seed-node.conf", seedPort, "seed-1", seed);
        nodes.Launch("memory-node.conf", NodeProcesses.FreePort(), "memory-1", seed, NodeProcesses.FreePort());
        nodes.Launch("run-node.conf", NodeProcesses.FreePort(), "run-1", seed);
        nodes.Launch("run-node.conf", NodeProcesses.FreePort(), "run-2", seed);

        await using var session = await NodeProcesses.ConnectAsync(seed, Timeout);
        var client = session.Client;
        var deadline = DateTime.UtcNow + Timeout;
        while ((await client.RunNodesAsync()).Count < 2 || (await client.MemoryNodesAsync()).Count < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the node processes did not form a cluster in time");
            await Task.Delay(200);
        }

        // Paused at its first line, the program has its whole run (about a second) for the pause to arrive mid-run.
        string[] arguments = ["800", "20", "500000"];
        var reference = LocalRun.Stdout(RepositoryFiles.Sample("counter"), "counter", arguments);
        var program = new ProgramOutput(session.System);
        var deployed = await client.DeployAsync(await File.ReadAllBytesAsync(RepositoryFiles.Sample("counter")), "counter", arguments, null, program.Ref, "run-1");
        await program.WaitForAsync(t => t.Contains("counter: ", StringComparison.Ordinal), Timeout);

        await client.PauseAsync(deployed.InstanceId); // mid-run however fast the machine is; migration resumes it
        var snapshot = await client.SnapshotAsync(deployed.InstanceId, leavePaused: true);
        var fork = new ProgramOutput(session.System);
        await client.ForkAsync(snapshot.SnapshotId, Granularity.Page, CopyMode.Cow, 1, fork.Ref, "run-2");
        var migrated = await client.MigrateAsync(deployed.InstanceId, "run-2");
        output.WriteLine($"migration downtime {migrated.DowntimeMilliseconds:F1} ms, {migrated.BytesBeforeFirstInstruction} bytes before the first instruction");

        // Held on the target until it is independent of the memory node, which is then killed: the program must not notice.
        await client.PauseAsync(migrated.NewInstanceId);
        Assert.IsType<InstanceExited>(await fork.Ended.WaitAsync(Timeout)); // the fork does need the memory node
        var independent = await client.WaitIndependentAsync("run-2", migrated.NewInstanceId, Timeout);
        Assert.True(independent.Independent, $"{migrated.NewInstanceId} still has {independent.RemotePages} pages on the memory node");
        await nodes.KillAsync("memory-1");
        await client.ResumeAsync(migrated.NewInstanceId);

        Assert.IsType<InstanceExited>(await program.Ended.WaitAsync(Timeout));
        Assert.Equal(reference, program.Text());
        Assert.EndsWith(fork.Text(), reference, StringComparison.Ordinal);
        Assert.Contains("done:", fork.Text(), StringComparison.Ordinal);
    }
}
