using System.Diagnostics;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Owners are told when a node dies, with node processes killed with SIGKILL: a migration whose target dies names it
/// and leaves the program running at the source; one whose source dies names that; `deploy --follow` and `logs` end,
/// saying which run node was lost and after which line, when the node holding their program dies; SIGTERM ends a
/// follower at once.
/// </summary>
public sealed class OwnersToldProcessTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);

    private readonly string _folder = Directory.CreateTempSubdirectory("wasmactors-owners-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Followers_and_migrations_name_the_run_node_that_died()
    {
        var seedPort = NodeProcesses.FreePort();
        var seed = $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}";
        await using var nodes = new NodeProcesses(output);
        nodes.Launch("seed-node.conf", seedPort, "seed-1", seed);
        nodes.Launch("memory-node.conf", NodeProcesses.FreePort(), "memory-1", seed, NodeProcesses.FreePort());
        nodes.Launch("run-node.conf", NodeProcesses.FreePort(), "run-1", seed);
        nodes.Launch("run-node.conf", NodeProcesses.FreePort(), "run-2", seed);
        nodes.Launch("run-node.conf", NodeProcesses.FreePort(), "run-3", seed);
        await using var session = await NodeProcesses.ConnectAsync(seed, Timeout);
        var client = session.Client;
        await Eventually.AskAsync(async () => (await client.RunNodesAsync()).Count + (await client.MemoryNodesAsync()).Count, n => n == 4, "the cluster forming", Timeout);

        var place = new CliPlace(_folder, ClientFile.Environment(_folder, $"127.0.0.1:{seedPort}"));
        await Eventually.AskAsync(
            async () => (await CliProcess.RunAsync(place, "stats", "--json")).Stdout,
            stats => new[] { "run-1", "run-2", "run-3", "memory-1" }.All(n => stats.Contains($"\"{n}\"", StringComparison.Ordinal)),
            "the command line seeing every node",
            Timeout);
        nodes.LaunchCommand("deploy", place, "deploy", "--follow", "--node", "run-1", RepositoryFiles.Sample("counter"), "--", "1000000000", "20000", "1000");
        var deployed = await Eventually.AskAsync(
            () => Task.FromResult(nodes.StdoutOf("deploy").Select((line, at) => (line, at)).FirstOrDefault(l => l.line.EndsWith(" on run-1", StringComparison.Ordinal))),
            l => l.line is not null,
            "deploy printing the instance",
            Timeout);
        var instance = deployed.line.Split(' ')[0];
        nodes.LaunchCommand("logs", place, "logs", instance);
        nodes.LaunchCommand("terminated", place, "logs", instance);
        await LinesAsync(nodes, "logs", 1);
        await LinesAsync(nodes, "terminated", 1);

        // SIGTERM ends a follower at once, whatever its program does.
        var clock = Stopwatch.StartNew();
        nodes.Signal("terminated", "TERM");
        var code = await nodes.ExitCodeAsync("terminated", TimeSpan.FromSeconds(15));
        output.WriteLine($"logs ended {clock.Elapsed.TotalSeconds:0.0} s after SIGTERM, status {code}");

        // A target killed before the migration: the client names it, and the program runs on at the source.
        await nodes.KillAsync("run-2");
        clock.Restart();
        var failed = await Assert.ThrowsAsync<OrchestratorException>(() => client.MigrateAsync(instance, "run-2"));
        output.WriteLine($"migrate failed {clock.Elapsed.TotalSeconds:0.0} s after run-2 was killed: {failed.Message}");
        Assert.Contains("the target run node run-2 was lost during the migration: the program stays on run-1", failed.Message, StringComparison.Ordinal);
        await Eventually.AskAsync(
            async () => (await client.ListAsync()).Single(i => i.InstanceId == instance),
            row => row.Node == "run-1" && row.State == Messages.InstanceState.Running,
            "the program running on at the source",
            Timeout);
        var printed = nodes.StdoutOf("logs").Count;
        await Eventually.AskAsync(() => Task.FromResult(nodes.StdoutOf("logs").Count), n => n > printed, "the program printing on at the source", Timeout);

        // The source killed in the middle of a migration (its first copy on the way to the memory node): the client
        // names it. The same node holds the followed program: both followers end, saying so, with a status of their own.
        var reader = new ProgramOutput(session.System);
        var moving = await client.DeployAsync(PageReader.Build(workPerPage: 250_000), "reader", null, null, reader.Ref, "run-1");
        await reader.WaitForAsync(t => t.Contains("ready", StringComparison.Ordinal), Timeout);
        var uploading = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var migration = client.MigrateAsync(moving.InstanceId, "run-3", new Progress<TransferProgress>(_ => uploading.TrySetResult()));
        await uploading.Task.WaitAsync(Timeout);
        await nodes.KillAsync("run-1");
        clock.Restart();
        failed = await Assert.ThrowsAsync<OrchestratorException>(() => migration);
        output.WriteLine($"migrate failed {clock.Elapsed.TotalSeconds:0.0} s after run-1 was killed: {failed.Message}");
        Assert.Contains("the source run node run-1 was lost during the migration", failed.Message, StringComparison.Ordinal);
        Assert.Equal(69, await nodes.ExitCodeAsync("deploy", Timeout));
        Assert.Equal(69, await nodes.ExitCodeAsync("logs", Timeout));
        output.WriteLine($"the followers ended {clock.Elapsed.TotalSeconds:0.0} s after run-1 was killed");
        AssertToldLost(nodes, "deploy", skip: deployed.at + 1);
        AssertToldLost(nodes, "logs", skip: 0);
    }

    /// <summary>Its last error line names run-1 and the last line printed, which is a line of the program's.</summary>
    private static void AssertToldLost(NodeProcesses nodes, string name, int skip)
    {
        var told = nodes.LinesWith($"{name}: run node run-1 was lost; the program ended after line ");
        var line = Assert.Single(told);
        var after = int.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture);
        var printed = nodes.StdoutOf(name).Skip(skip).ToArray();
        Assert.True(after >= 1, line);
        // Every full line was printed; a last line cut short by the node's death may follow.
        Assert.InRange(printed.Length, after, after + 1);
        Assert.All(printed.Skip(1).Take(after - 1), l => Assert.StartsWith("step ", l, StringComparison.Ordinal));
    }

    /// <summary>Waits until the command has printed <paramref name="count"/> lines.</summary>
    private static Task LinesAsync(NodeProcesses nodes, string name, int count) =>
        Eventually.AskAsync(() => Task.FromResult(nodes.StdoutOf(name).Count), n => n >= count, $"{name} printing", Timeout);
}
