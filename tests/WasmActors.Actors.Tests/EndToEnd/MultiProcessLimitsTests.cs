using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Limits on separate `wasmactors node` processes: a run node's max-instances and max-guest-memory refuse or bound
/// what a client asks for, per-program limits end programs with traps naming them, and the node writes an audit
/// line for each operation and refusal with the client's address.
/// </summary>
public sealed class MultiProcessLimitsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly string[] Forever = ["100000000", "1000000", "20000"];

    private readonly string _folder = Directory.CreateTempSubdirectory("wasmactors-limits-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task ARunNodeProcessEnforcesItsLimitsAndAuditsEveryRequest()
    {
        var runConfig = Path.Combine(_folder, "limited-run-node.conf");
        await File.WriteAllTextAsync(runConfig, $$"""
            include "{{RepositoryFiles.Hocon("run-node.conf")}}"
            wasmactors.run-node {
              max-instances = 1
              max-guest-memory = 96MiB
            }
            """);
        var seedPort = NodeProcesses.FreePort();
        var seed = $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}";
        await using var nodes = new NodeProcesses(output);
        nodes.Launch("seed-node.conf", seedPort, "seed-1", seed);
        nodes.Launch(runConfig, NodeProcesses.FreePort(), "run-1", seed);

        await using var session = await NodeProcesses.ConnectAsync(seed, Timeout);
        var client = session.Client;
        var deadline = DateTime.UtcNow + Timeout;
        while ((await client.RunNodesAsync()).Count < 1)
        {
            Assert.True(DateTime.UtcNow < deadline, "the node processes did not form a cluster in time");
            await Task.Delay(200);
        }

        var counter = await File.ReadAllBytesAsync(RepositoryFiles.Sample("counter"));
        var first = new ProgramOutput(session.System);
        var running = await client.DeployAsync(counter, "counter", Forever, null, first.Ref);

        // max-instances = 1: a second program is refused before anything starts, naming the limit.
        var refused = await Assert.ThrowsAsync<OrchestratorException>(() => client.DeployAsync(counter, "counter", Forever));
        Assert.Contains("limit max-instances = 1", refused.Message, StringComparison.Ordinal);
        await client.StopAsync(running.InstanceId);
        Assert.IsType<InstanceStopped>(await first.Ended.WaitAsync(Timeout));
        await WhenEmptyAsync(client);

        var timed = new ProgramOutput(session.System);
        await client.DeployAsync(counter, "counter", Forever, null, timed.Ref, limits: new ProgramLimits(WallTimeMilliseconds: 500));
        Assert.Contains("limit wall-time = 0.5 s", Assert.IsType<InstanceTrapped>(await timed.Ended.WaitAsync(Timeout)).Message, StringComparison.Ordinal);
        await WhenEmptyAsync(client);

        var chatty = new ProgramOutput(session.System);
        await client.DeployAsync(counter, "counter", ["100000", "1", "10"], null, chatty.Ref, limits: new ProgramLimits(OutputBytes: 300));
        Assert.Contains("limit output-bytes = 300 B", Assert.IsType<InstanceTrapped>(await chatty.Ended.WaitAsync(Timeout)).Message, StringComparison.Ordinal);
        await WhenEmptyAsync(client);

        // max-guest-memory = 96 MiB: bigmem starts with 80 MiB, and its growth to 100 MiB fails on the node's bound.
        var big = new ProgramOutput(session.System);
        await client.DeployAsync(await File.ReadAllBytesAsync(RepositoryFiles.Sample("bigmem")), "bigmem", ["100"], null, big.Ref);
        Assert.Equal(1, Assert.IsType<InstanceExited>(await big.Ended.WaitAsync(Timeout)).ExitCode);
        Assert.Contains("cannot allocate 100 MiB", big.Text(2), StringComparison.Ordinal);

        // Every request left an audit line naming the client's address.
        var clientAddress = ((Akka.Actor.ExtendedActorSystem)session.System).Provider.DefaultAddress.ToString();
        Assert.Contains(nodes.LinesWith("audit: refused deploy counter"), line => line.Contains(clientAddress, StringComparison.Ordinal) && line.Contains("max-instances", StringComparison.Ordinal));
        Assert.Equal(4, nodes.LinesWith("audit: deploy ").Count(line => line.Contains(clientAddress, StringComparison.Ordinal)));
        Assert.Contains(nodes.LinesWith("audit: stop " + running.InstanceId), line => line.Contains(clientAddress, StringComparison.Ordinal));
    }

    private static async Task WhenEmptyAsync(OrchestratorClient client)
    {
        var deadline = DateTime.UtcNow + Timeout;
        // Ended instances stay listed (with EndedAt) for the ended-retention; the node counts only the others.
        while ((await client.ListAsync()).Any(i => i.EndedAt is null))
        {
            Assert.True(DateTime.UtcNow < deadline, "an ended instance was still listed as running");
            await Task.Delay(50);
        }
    }
}
