using System.Diagnostics;
using Akka.Actor;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Two memory nodes as real processes, one killed with SIGKILL while twenty copy-on-write forks fault their pages
/// from it: every fork carries on from the other holder and prints what the uninterrupted program printed
/// (docs/adr-022-snapshot-replication.md).
/// </summary>
public sealed class ReplicationProcessTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("wasmactors-replication-").FullName;

    private const int Forks = 20;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(180);

    [Fact]
    public async Task Forks_faulting_pages_from_a_memory_node_killed_with_sigkill_all_finish_with_the_right_output()
    {
        var seedPort = NodeProcesses.FreePort();
        var seed = $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}";
        await using var nodes = new NodeProcesses(output);
        nodes.Launch("seed-node.conf", seedPort, "seed-1", seed);
        nodes.Launch("memory-node.conf", NodeProcesses.FreePort(), "memory-1", seed, NodeProcesses.FreePort());
        nodes.Launch("memory-node.conf", NodeProcesses.FreePort(), "memory-2", seed, NodeProcesses.FreePort());
        // Without the code prefetch, the run node first reaches the snapshot through the holder the forks name, the
        // one this test kills (a prefetch could have reached it through the other holder first).
        var runConfig = Path.Combine(_directory, "run.conf");
        File.WriteAllText(runConfig, $"""
            include "{RepositoryFiles.Hocon("run-node.conf")}"
            wasmactors.run-node.module-prefetch = off
            """);
        nodes.Launch(runConfig, NodeProcesses.FreePort(), "run-1", seed);
        await using var session = await NodeProcesses.ConnectAsync(seed, Timeout);
        var client = session.Client;
        await EventuallyAsync(async () => (await client.RunNodesAsync()).Count + (await client.MemoryNodesAsync()).Count, n => n == 3, "the cluster forming");

        var reader = PageReader.Build(workPerPage: 250_000);
        var original = new ProgramOutput(session.System);
        var deployed = await client.DeployAsync(reader, "reader", null, null, original.Ref, "run-1");
        await original.WaitForAsync(t => t.Contains("ready", StringComparison.Ordinal), Timeout);
        await client.PauseAsync(deployed.InstanceId);
        var taken = await client.SnapshotAsync(deployed.InstanceId);
        await client.ResumeAsync(deployed.InstanceId);
        Assert.IsType<InstanceExited>(await original.Ended.WaitAsync(Timeout));
        Assert.Matches("^ready\n[0-9a-f]{8}\n$", original.Text());
        var reference = original.Text()["ready\n".Length..];

        // Both memory nodes hold it (a node that heard of the other late copies it when it does).
        await EventuallyAsync(
            async () => await Task.WhenAll((await client.MemoryNodesAsync()).Select(async n => (await n.Actor.Ask<SnapshotList>(new ListSnapshots(1), Timeout)).Snapshots.Any(s => s.SnapshotId == taken.SnapshotId))),
            held => held.Length == 2 && held.All(h => h),
            "both memory nodes holding the snapshot");

        // The forks name the holder this test kills (the client's own fork asks every memory node and takes the first
        // holder to answer, which may be the other one).
        var holder = await client.LocateAsync(taken.SnapshotId);
        var run = (await client.RunNodesAsync()).Single(n => n.Name == "run-1").Actor;
        var forks = new List<ProgramOutput>();
        for (var i = 0; i < Forks; i++)
        {
            var fork = new ProgramOutput(session.System);
            Assert.IsType<Forked>(await run.Ask<object>(new ForkFrom(i, holder, Granularity.Mixture, CopyMode.Cow, 1, fork.Ref), Timeout));
            forks.Add(fork);
        }

        var clock = Stopwatch.StartNew();
        output.WriteLine($"killing {holder.MemoryNode} at {DateTime.UtcNow:HH:mm:ss.fff} UTC");
        await nodes.KillAsync(holder.MemoryNode);
        var endings = await Task.WhenAll(forks.Select(f => f.Ended.WaitAsync(Timeout)));
        output.WriteLine($"{Forks} forks finished {clock.Elapsed.TotalSeconds:0.0} s after {holder.MemoryNode} was killed");
        Assert.All(endings, e => Assert.IsType<InstanceExited>(e));
        Assert.All(forks, f => Assert.Equal(reference, f.Text()));
        var failovers = nodes.LinesWith($"instead of {holder.MemoryNode}");
        Assert.NotEmpty(failovers);
        output.WriteLine($"first failover: {failovers[0]}");
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    private static Task<T> EventuallyAsync<T>(Func<Task<T>> ask, Func<T, bool> ready, string what) => Eventually.AskAsync(ask, ready, what, Timeout);
}
