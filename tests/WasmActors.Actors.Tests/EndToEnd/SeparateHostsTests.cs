using System.Diagnostics;
using System.Text.Json;
using System.Text.RegularExpressions;
using WasmActors.Actors.Configuration;
using WasmActors.TestKit;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace WasmActors.Actors.Tests;

/// <summary>
/// docs/deploy.md's four hosts, each a Linux network namespace with its own address on a bridge (MTU 1500): seed,
/// memory and two run nodes, each a `wasmactors node` process started from the shipped hocon/*.conf with nothing but
/// the WASMACTORS_* variables, and the client commands run from a fifth namespace with hocon/client.conf. A program
/// deployed on run-1 is snapshotted, forked copy-on-write onto run-2 over the QUIC bulk path and migrated to run-2:
/// the fork's and the migrated program's output match a local run, and no datagram between the hosts was fragmented.
/// Run as root: dotnet test tests/WasmActors.Actors.Tests -c Release --filter SeparateHostsTests.
/// </summary>
public sealed partial class SeparateHostsTests(ITestOutputHelper output) : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan StepTimeout = TimeSpan.FromSeconds(90);

    // The ports of docs/deploy.md: each host has an address of its own, so nothing else on this machine is in the way.
    private const int SeedPort = 4053;
    private const int MemoryPort = 4054;
    private const int RunPort = 4055;
    private const int BulkPort = 4154;

    /// <summary>IPv6 (40 bytes) and UDP (8 bytes) headers: what a datagram adds to its payload on the wire, at most.</summary>
    private const int DatagramHeaderBytes = 48;

    /// <summary>300 lines over several seconds (tens on a loaded machine): still running when the snapshot is taken.</summary>
    private static readonly string[] Arguments = ["6000", "20", "100000"];

    private readonly string _folder = Directory.CreateTempSubdirectory("wasmactors-hosts-").FullName;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private string _step = "making the namespaces";

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [NetworkNamespaceFact]
    public async Task A_cluster_on_four_hosts_forks_over_quic_and_migrates_with_the_output_of_a_local_run()
    {
        var payload = WasmActorsConfig.Reference.GetInt("wasmactors.bulk.quic-max-udp-payload");
        Assert.True(payload + DatagramHeaderBytes <= BridgedHosts.Mtu, $"wasmactors.bulk.quic-max-udp-payload = {payload} does not fit an Ethernet MTU of {BridgedHosts.Mtu}");

        using var network = BridgedHosts.Create("seed", "memory", "run-1", "run-2", "client");
        await using var nodes = new NodeProcesses(output);
        var scenario = RunAsync(network, nodes);
        if (await Task.WhenAny(scenario, Task.Delay(Bound)) != scenario)
        {
            Assert.Fail($"the test did not finish within {Bound}; it was {_step}");
        }

        try
        {
            await scenario;
        }
        catch (Exception e)
        {
            throw new XunitException($"failed while {_step}: {e.Message}", e);
        }

        output.WriteLine($"whole test {_clock.Elapsed.TotalSeconds:F1} s");
    }

    private async Task RunAsync(BridgedHosts network, NodeProcesses nodes)
    {
        var reference = Task.Run(() => LocalRun.Stdout(RepositoryFiles.Sample("counter"), "counter", Arguments));
        Step("starting the nodes");
        nodes.LaunchConfigured("seed-node.conf", "seed-1", NodeEnvironment(network, "seed", "seed-1", SeedPort), network.Namespace("seed"));
        var memory = NodeEnvironment(network, "memory", "memory-1", MemoryPort);
        memory["WASMACTORS_BULK_HOSTNAME"] = network.Address("memory");
        memory["WASMACTORS_BULK_PORT"] = $"{BulkPort}";
        nodes.LaunchConfigured("memory-node.conf", "memory-1", memory, network.Namespace("memory"));
        nodes.LaunchConfigured("run-node.conf", "run-1", NodeEnvironment(network, "run-1", "run-1", RunPort), network.Namespace("run-1"));
        nodes.LaunchConfigured("run-node.conf", "run-2", NodeEnvironment(network, "run-2", "run-2", RunPort), network.Namespace("run-2"));
        var client = ClientPlace(network);

        // A client that asks before the seed listens waits out its contact timeout: ask once every node is in.
        Step("waiting for memory-1, run-1 and run-2 to be welcomed by the seed");
        string[] members = ["memory-1", "run-1", "run-2"];
        await JoinedAsync(nodes, members);
        Step("waiting for the client host to see them (stats)");
        await StatsOnceUpAsync(client, members);

        Step("deploying the counter on run-1 (deploy --follow)");
        nodes.LaunchCommand("deploy", client, ["deploy", "--json", "--follow", "--node", "run-1", RepositoryFiles.Sample("counter"), "--", .. Arguments]);
        var (deployed, _) = Followed(await LinesOnceAsync(nodes, "deploy", lines => lines.Contains("}")));
        Assert.Equal("run-1", deployed.GetProperty("node").GetString());
        var id = deployed.GetProperty("instanceId").GetString()!;

        Step("snapshotting the running program onto memory-1, leaving it paused");
        var taken = SnapshotLine().Match(await CliAsync(client, "snapshot", "--leave-paused", id));
        Assert.True(taken.Success, "snapshot printed no 's-… on NODE:' line");
        Assert.Equal("memory-1", taken.Groups["node"].Value);

        Step("forking the snapshot copy-on-write onto run-2 (fork --follow)");
        var (memoryBefore, run2Before) = (network.Counters("memory"), network.Counters("run-2"));
        nodes.LaunchCommand("fork", client, "fork", "--json", "--follow", "--node", "run-2", "--granularity", "page", "--mode", "cow", taken.Groups["id"].Value);
        Assert.True(await nodes.ExitCodeAsync("fork", StepTimeout) == 0, $"fork --follow failed: {string.Join('\n', nodes.LinesWith("fork: "))}");
        var (forked, forkOutput) = Followed(nodes.StdoutOf("fork"));
        Assert.Equal("run-2", forked.GetProperty("node").GetString());
        Assert.Equal("cow", forked.GetProperty("cost").GetProperty("mode").GetString());

        Step("checking the fork's pages came over QUIC in whole datagrams");
        var (memoryAfter, run2After) = (network.Counters("memory"), network.Counters("run-2"));
        var bulkBytes = await BulkBytesServedAsync(client); // the fork is the first reader of any page
        // With UDP segmentation offload one send carries many datagrams, so Udp.OutDatagrams counts sends; a datagram
        // too large for the MTU makes such a send fail and the next go out as IP fragments, which FragCreates counts.
        output.WriteLine($"fork: {bulkBytes} bulk bytes in {Delta(memoryBefore, memoryAfter, "Udp.OutDatagrams")} UDP sends from the memory host");
        Assert.True(bulkBytes > 0, "memory-1 served the fork no page over the bulk path");
        Assert.True(Delta(memoryBefore, memoryAfter, "Udp.OutDatagrams") > 0, "the memory host sent no UDP datagram during the fork: the bulk path was not QUIC");
        Assert.True(Delta(run2Before, run2After, "Udp.InDatagrams") > 0, "run-2 received no UDP datagram during the fork");
        var fragments = Delta(memoryBefore, memoryAfter, "Ip.FragCreates");
        Assert.True(fragments == 0, $"the memory host cut {fragments} IP fragments: some QUIC datagrams did not fit the MTU of {BridgedHosts.Mtu}");
        var reassembled = Delta(run2Before, run2After, "Ip.ReasmReqds");
        Assert.True(reassembled == 0, $"run-2 received {reassembled} IP fragments to reassemble");

        Step("comparing the fork's output with the local run");
        var expected = await reference;
        Assert.Contains("done:", forkOutput, StringComparison.Ordinal);
        Assert.True(expected.EndsWith(forkOutput, StringComparison.Ordinal), $"the fork's output is not the end of the local run's:\n{forkOutput}");

        Step("migrating the program from run-1 to run-2");
        var migrated = JsonDocument.Parse(await CliAsync(client, "migrate", "--json", id, "--to", "run-2")).RootElement;
        Assert.Equal("run-2", migrated.GetProperty("targetNode").GetString());
        output.WriteLine($"migration downtime {migrated.GetProperty("downtimeMilliseconds").GetDouble():F1} ms");

        Step("waiting for the migrated program to end and comparing its output with the local run");
        Assert.True(await nodes.ExitCodeAsync("deploy", StepTimeout) == 0, $"deploy --follow failed: {string.Join('\n', nodes.LinesWith("deploy: "))}");
        Assert.Equal(expected, Followed(nodes.StdoutOf("deploy")).Program);
    }

    private void Step(string what)
    {
        _step = what;
        output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1} s] {what}");
    }

    /// <summary>What the host's unit file would hold (docs/deploy.md), with the test cluster certificate.</summary>
    private static Dictionary<string, string> NodeEnvironment(BridgedHosts network, string host, string name, int port) => new()
    {
        ["WASMACTORS_HOSTNAME"] = network.Address(host),
        ["WASMACTORS_PORT"] = $"{port}",
        ["WASMACTORS_SEEDS"] = $"[\"akka.tcp://wasmactors@{network.Address("seed")}:{SeedPort}\"]",
        ["WASMACTORS_NODE_NAME"] = name,
        ["WASMACTORS_CLUSTER_CERTIFICATE"] = TestClusterCertificate.Path,
    };

    /// <summary>
    /// The client host: hocon/client.conf with its address and the certificate from the environment, and the seed from
    /// WASMACTORS_SEED. A loaded machine may take more than the default 2 s for a first TLS handshake.
    /// </summary>
    private CliPlace ClientPlace(BridgedHosts network)
    {
        var file = Path.Combine(_folder, "client.conf");
        File.WriteAllText(file, $"include \"{RepositoryFiles.Hocon("client.conf")}\"\nwasmactors.client.contact-timeout = 20s\n");
        return new CliPlace(_folder, new Dictionary<string, string>
        {
            ["WASMACTORS_CONFIG"] = file,
            ["WASMACTORS_SEED"] = $"{network.Address("seed")}:{SeedPort}",
            ["WASMACTORS_HOSTNAME"] = network.Address("client"),
            ["WASMACTORS_CLUSTER_CERTIFICATE"] = TestClusterCertificate.Path,
        }, network.Namespace("client"));
    }

    /// <summary>Asks for stats until every node in <paramref name="names"/> answers (refused until the seed listens).</summary>
    private async Task StatsOnceUpAsync(CliPlace client, string[] names)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        var last = "";
        while (true)
        {
            var (code, stdout, stderr) = await CliProcess.RunAsync(client, "stats", "--json");
            var up = code == 0 ? JsonDocument.Parse(stdout).RootElement.EnumerateArray().Select(s => s.GetProperty("node").GetString()).ToHashSet() : [];
            if (names.All(up.Contains))
            {
                return;
            }

            last = code == 0 ? $"up: {string.Join(", ", up)}" : stderr.Trim();
            output.WriteLine($"[{_clock.Elapsed.TotalSeconds,6:F1} s] stats: {last}");
            Assert.True(DateTime.UtcNow < deadline, $"the nodes did not form a cluster within {StepTimeout} ({last})");
            await Task.Delay(1000);
        }
    }

    /// <summary>Waits until each of <paramref name="names"/> has logged Akka's "Welcome from" the seed (it joined the cluster).</summary>
    private static async Task JoinedAsync(NodeProcesses nodes, string[] names)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            var welcomed = nodes.LinesWith("Welcome from");
            var missing = names.Where(name => !welcomed.Any(line => line.StartsWith($"{name}: ", StringComparison.Ordinal))).ToArray();
            if (missing.Length == 0)
            {
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{string.Join(", ", missing)} did not join the cluster within {StepTimeout}");
            await Task.Delay(200);
        }
    }

    private static async Task<long> BulkBytesServedAsync(CliPlace client) =>
        JsonDocument.Parse(await CliAsync(client, "stats", "--json")).RootElement.EnumerateArray()
            .Single(s => s.GetProperty("node").GetString() == "memory-1").GetProperty("bulkBytesServed").GetInt64();

    /// <summary>Runs a client command that must succeed; its stdout.</summary>
    private static async Task<string> CliAsync(CliPlace client, params string[] arguments)
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(client, arguments);
        Assert.True(code == 0, $"wasmactors {string.Join(' ', arguments)} failed ({code}): {stderr}");
        return stdout;
    }

    /// <summary>Waits until what <paramref name="name"/> printed satisfies <paramref name="ready"/>.</summary>
    private static async Task<IReadOnlyList<string>> LinesOnceAsync(NodeProcesses nodes, string name, Func<IReadOnlyList<string>, bool> ready)
    {
        var deadline = DateTime.UtcNow + StepTimeout;
        while (true)
        {
            var lines = nodes.StdoutOf(name);
            if (ready(lines))
            {
                return lines;
            }

            Assert.True(DateTime.UtcNow < deadline, $"{name} printed no more than this within {StepTimeout}:\n{string.Join('\n', nodes.LinesWith($"{name}: "))}");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// A followed command's output split in two: its --json answer (an indented document, ending in a line "}") and the
    /// program's output after it (empty until the answer is complete).
    /// </summary>
    private static (JsonElement Answer, string Program) Followed(IReadOnlyList<string> lines)
    {
        var end = lines.ToList().IndexOf("}");
        return end < 0
            ? (default, "")
            : (JsonDocument.Parse(string.Join('\n', lines.Take(end + 1))).RootElement, string.Concat(lines.Skip(end + 1).Select(l => l + "\n")));
    }

    private static long Delta(IReadOnlyDictionary<string, long> before, IReadOnlyDictionary<string, long> after, string counter) => after[counter] - before[counter];

    [GeneratedRegex(@"^(?<id>s-\S+) on (?<node>\S+): ", RegexOptions.Multiline)]
    private static partial Regex SnapshotLine();
}
