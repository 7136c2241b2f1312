using System.Diagnostics;
using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A memory node stopped for 20 s (SIGSTOP: a long GC pause, a stalled VM) loses no snapshot: forks go to the other
/// holder meanwhile; the cluster downs the stopped node, which exits on SIGCONT, is started again by its supervisor on
/// its durable store and serves every snapshot again, alone once the other holder is killed. No other node is downed.
/// </summary>
public sealed class PausedMemoryNodeProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan Stall = TimeSpan.FromSeconds(20);

    private readonly string _directory = Directory.CreateTempSubdirectory("wasmactors-paused-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task A_memory_node_stopped_for_20_s_comes_back_with_every_snapshot()
    {
        var seedPort = NodeProcesses.FreePort();
        var seed = $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}";
        await using var nodes = new NodeProcesses(output);
        nodes.Launch("seed-node.conf", seedPort, "seed-1", seed);
        nodes.Launch(StoredMemoryNode.Config(_directory, "memory-1"), NodeProcesses.FreePort(), "memory-1", seed, NodeProcesses.FreePort());
        nodes.Launch(StoredMemoryNode.Config(_directory, "memory-2"), NodeProcesses.FreePort(), "memory-2", seed, NodeProcesses.FreePort());
        nodes.Launch("run-node.conf", NodeProcesses.FreePort(), "run-1", seed);
        await using var session = await NodeProcesses.ConnectAsync(seed, Timeout);
        var client = session.Client;
        await EventuallyAsync(async () => (await client.RunNodesAsync()).Count + (await client.MemoryNodesAsync()).Count, n => n == 3, "the cluster forming");

        // Two snapshots of the counter, a base and a delta, each acknowledged once both memory nodes hold it.
        string[] arguments = ["600", "20", "500000"]; // about a second: still running at the second pause
        var reference = LocalRun.Stdout(RepositoryFiles.Sample("counter"), "counter", arguments);
        var program = new ProgramOutput(session.System);
        var deployed = await client.DeployAsync(await File.ReadAllBytesAsync(RepositoryFiles.Sample("counter")), "counter", arguments, null, program.Ref, "run-1");
        await program.WaitForAsync(t => t.Contains("counter: ", StringComparison.Ordinal), Timeout);
        var snapshots = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            await client.PauseAsync(deployed.InstanceId);
            snapshots.Add((await client.SnapshotAsync(deployed.InstanceId)).SnapshotId);
            var printed = program.Text().Length;
            await client.ResumeAsync(deployed.InstanceId);
            await program.WaitForAsync(t => t.Length > printed + 200, Timeout);
        }

        Assert.IsType<InstanceExited>(await program.Ended.WaitAsync(Timeout));
        await EventuallyAsync(() => HeldByAsync(client, "memory-1"), held => snapshots.All(held.Contains), "memory-1 holding both snapshots");

        var clock = Stopwatch.StartNew();
        nodes.Signal("memory-1", "STOP");
        await Task.Delay(Stall / 2);
        await ForkAndCheckAsync(session, snapshots[0], reference); // from memory-2, while memory-1 is stalled
        output.WriteLine($"forked {clock.Elapsed.TotalSeconds:0.0} s into the stall");
        await Task.Delay(Stall > clock.Elapsed ? Stall - clock.Elapsed : TimeSpan.Zero);
        nodes.Signal("memory-1", "CONT");

        // Downed while stopped, it exits when it runs again; its supervisor starts it on the same store.
        var code = await nodes.ExitCodeAsync("memory-1", Timeout);
        output.WriteLine($"memory-1 exited with {code} {clock.Elapsed.TotalSeconds:0.0} s after SIGSTOP");
        Assert.Equal(3, code);
        await EventuallyAsync(
            () => nodes.Supervised("memory-1", () => HeldByAsync(client, "memory-1")),
            held => snapshots.All(held.Contains),
            "the restarted memory-1 serving every snapshot");
        output.WriteLine($"memory-1 served both snapshots again {clock.Elapsed.TotalSeconds:0.0} s after SIGSTOP");

        // The only copies left are memory-1's.
        await nodes.KillAsync("memory-2");
        foreach (var snapshot in snapshots)
        {
            await EventuallyAsync(async () => (await client.LocateAsync(snapshot)).MemoryNode, node => node == "memory-1", "memory-1 answering for the snapshot");
            await ForkAndCheckAsync(session, snapshot, reference);
        }

        output.WriteLine(string.Join("\n", nodes.LinesWith("instead of")));

        Assert.False(nodes.RestartIfExited("run-1"), "the run node was downed");
        Assert.False(nodes.RestartIfExited("seed-1"), "the seed node was downed");
    }

    /// <summary>A COW fork of <paramref name="snapshotId"/> on run-1 runs to the end and prints what an uninterrupted run does.</summary>
    private static async Task ForkAndCheckAsync(OrchestratorSession session, string snapshotId, string reference)
    {
        var fork = new ProgramOutput(session.System);
        await session.Client.ForkAsync(snapshotId, Granularity.Page, CopyMode.Cow, 1, fork.Ref, "run-1");
        Assert.IsType<InstanceExited>(await fork.Ended.WaitAsync(Timeout));
        Assert.EndsWith(fork.Text(), reference, StringComparison.Ordinal);
        Assert.Contains("done:", fork.Text(), StringComparison.Ordinal);
    }

    /// <summary>The snapshots memory node <paramref name="name"/> itself lists.</summary>
    private static async Task<string[]> HeldByAsync(OrchestratorClient client, string name)
    {
        var node = (await client.MemoryNodesAsync()).FirstOrDefault(n => n.Name == name)
            ?? throw new OrchestratorException("ls", $"{name} is not up");
        return (await node.Actor.Ask<SnapshotList>(new ListSnapshots(1), TimeSpan.FromSeconds(5))).Snapshots.Select(s => s.SnapshotId).ToArray();
    }

    private static Task<T> EventuallyAsync<T>(Func<Task<T>> ask, Func<T, bool> ready, string what) => Eventually.AskAsync(ask, ready, what, Timeout);
}
