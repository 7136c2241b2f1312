using System.Diagnostics;
using WasmActors.Actors.Orchestration;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A memory node killed with SIGKILL and started again at once on the same address, as a supervisor with no restart
/// delay would, again and again: each time it waits, before it listens, until the cluster has dropped its earlier
/// incarnation, and no other node is downed. Before that wait, a run node and the new incarnation sometimes marked
/// each other unreachable and the split-brain resolver downed both.
/// WASMACTORS_RESTART_CYCLES sets the number of kills (default 2).
/// </summary>
public sealed class RestartedMemoryNodeProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _directory = Directory.CreateTempSubdirectory("wasmactors-restarted-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static int Cycles => int.TryParse(Environment.GetEnvironmentVariable("WASMACTORS_RESTART_CYCLES"), out var n) && n > 0 ? n : 2;

    [Fact]
    public async Task A_memory_node_restarted_at_once_on_its_address_downs_no_other_node()
    {
        var seedPort = NodeProcesses.FreePort();
        var seed = $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}";
        var (memoryPort, bulkPort) = (NodeProcesses.FreePort(), NodeProcesses.FreePort());
        var memoryConfig = StoredMemoryNode.Config(_directory, "memory-1");
        string[] runNodes = ["run-1", "run-2", "run-3"];
        await using var nodes = new NodeProcesses(output);
        nodes.Launch("seed-node.conf", seedPort, "seed-1", seed);
        nodes.Launch(memoryConfig, memoryPort, "memory-1", seed, bulkPort);
        foreach (var run in runNodes)
        {
            nodes.Launch("run-node.conf", NodeProcesses.FreePort(), run, seed);
        }

        await using var session = await NodeProcesses.ConnectAsync(seed, Timeout);
        var client = session.Client;
        await Eventually.AskAsync(async () => (await client.RunNodesAsync()).Count + (await client.MemoryNodesAsync()).Count, n => n == 4, "the cluster forming", Timeout);

        for (var cycle = 1; cycle <= Cycles; cycle++)
        {
            var before = Assert.Single(await client.MemoryNodesAsync()).Actor;
            var clock = Stopwatch.StartNew();
            await nodes.KillAsync("memory-1");
            nodes.Launch(memoryConfig, memoryPort, "memory-1", seed, bulkPort);
            await Eventually.AskAsync(
                () => nodes.Supervised("memory-1", client.MemoryNodesAsync),
                list => list is [var memory] && !memory.Actor.Equals(before),
                "the restarted memory node joining",
                Timeout);
            output.WriteLine($"cycle {cycle}: memory-1's new incarnation up {clock.Elapsed.TotalSeconds:0.0} s after the kill");

            // Give a downing time to happen: the failure detector's pause and the resolver's stable-after.
            await Task.Delay(TimeSpan.FromSeconds(12));
            Assert.Empty(nodes.LinesWith("left the cluster without being asked"));

            // It listened only once the cluster had dropped its earlier incarnation.
            Assert.Equal(cycle, nodes.LinesWith("memory-1: the cluster dropped the earlier incarnation").Count);
            Assert.Equal(runNodes.Length, (await client.RunNodesAsync()).Count);
        }
    }
}
