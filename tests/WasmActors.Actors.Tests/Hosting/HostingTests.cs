using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Akka.Configuration;
using WasmActors.Actors.Messages;
using WasmActors.Actors.Orchestration;
using WasmActors.Snapshot.Restore;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A node embedded in a generic-host application (samples/hosting, Akka.Hosting, options from environment variables)
/// joins a cluster of `wasmactors node` processes, which start through the same builder; both serve health and
/// Prometheus endpoints, and the figures scraped from them follow a deploy, a snapshot and a COW fork.
/// </summary>
public sealed partial class HostingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly HttpClient Http = new() { Timeout = TimeSpan.FromSeconds(10) };

    [Fact]
    public async Task AHostedNodeServesHealthAndMetricsThatFollowItsWork()
    {
        var seedPort = NodeProcesses.FreePort();
        var seed = $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}";
        var (memoryMetrics, memoryHealth, hostedMetrics, hostedHealth) = (NodeProcesses.FreePort(), NodeProcesses.FreePort(), NodeProcesses.FreePort(), NodeProcesses.FreePort());
        await using var nodes = new NodeProcesses(output);
        nodes.Launch("seed-node.conf", seedPort, "seed-1", seed);
        nodes.Launch("memory-node.conf", NodeProcesses.FreePort(), "memory-1", seed, NodeProcesses.FreePort(), "--metrics-port", $"{memoryMetrics}", "--health-port", $"{memoryHealth}");
        nodes.LaunchProgram("WasmActors.Samples.Hosting.dll", "run-hosted", new Dictionary<string, string>
        {
            ["WasmActors__NodeName"] = "run-hosted",
            ["WasmActors__Port"] = $"{NodeProcesses.FreePort()}",
            ["WasmActors__Seeds__0"] = seed,
            ["WasmActors__ClusterCertificate"] = TestClusterCertificate.Path,
            ["WasmActors__PrometheusPort"] = $"{hostedMetrics}",
            ["WasmActors__HealthPort"] = $"{hostedHealth}",
        });

        // Ready means Up and, for a run node, a memory node reachable: so the whole cluster is there.
        await WaitUntilAsync(async () => await StatusAsync(hostedHealth, "/health/ready") == HttpStatusCode.OK, "the hosted run node never became ready");
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(hostedHealth, "/health/live"));
        await WaitUntilAsync(async () => await StatusAsync(memoryHealth, "/health/ready") == HttpStatusCode.OK, "the memory node never became ready"); // gossip may tell it last
        Assert.Equal(HttpStatusCode.NotFound, await StatusAsync(hostedHealth, "/health/other"));
        await WaitUntilAsync(() => Task.FromResult(nodes.LinesWith("node ready:").Count > 0), "the sample's own health check never reported ready");
        Assert.Equal(0, Value(await ScrapeAsync(hostedMetrics), "wasmactors_forks_total", "run-hosted"));

        var clientConfig = ConfigurationFactory.ParseString(TestClusterCertificate.RemoteTlsConfig(TestClusterCertificate.Path))
            .WithFallback(OrchestratorSession.ClientConfig(null, seed));
        await using var session = await OrchestratorSession.ConnectAsync(clientConfig, Timeout);
        var client = session.Client;
        // Long enough never to end on its own: the snapshot must find it running however fast the machine is.
        string[] arguments = ["1000000", "10", "20000"];
        var program = new ProgramOutput(session.System);
        var deployed = await client.DeployAsync(await File.ReadAllBytesAsync(RepositoryFiles.Sample("counter")), "counter", arguments, null, program.Ref, "run-hosted");
        await program.WaitForAsync(t => t.Contains("counter: ", StringComparison.Ordinal), Timeout);
        var snapshot = await client.SnapshotAsync(deployed.InstanceId);
        var fork = new ProgramOutput(session.System);
        var forked = await client.ForkAsync(snapshot.SnapshotId, Granularity.Page, CopyMode.Cow, 1, fork.Ref, "run-hosted");
        await fork.WaitForAsync(t => t.Contains("step ", StringComparison.Ordinal), Timeout);
        await client.StopAsync(forked.InstanceIds[0]);
        await client.StopAsync(deployed.InstanceId);
        Assert.IsType<InstanceStopped>(await fork.Ended.WaitAsync(Timeout));

        var hosted = await ScrapeAsync(hostedMetrics);
        var memory = await ScrapeAsync(memoryMetrics);
        output.WriteLine(string.Join('\n', hosted.Split('\n').Where(l => l.StartsWith("wasmactors_", StringComparison.Ordinal) && !l.Contains("bucket", StringComparison.Ordinal))));
        Assert.Equal(1, Value(hosted, "wasmactors_forks_total", "run-hosted"));
        Assert.Equal(1, Value(hosted, "wasmactors_fork_start_milliseconds_count", "run-hosted"));
        Assert.True(Value(hosted, "wasmactors_page_faults_total", "run-hosted") > 0, "the COW fork faulted pages");
        // The fork's module, decoded once by the fork or its prefetch (twice if they raced), and cached once.
        Assert.InRange(Value(hosted, "wasmactors_modules_loaded_total", "run-hosted"), 1, 2);
        Assert.Equal(new FileInfo(RepositoryFiles.Sample("counter")).Length, Value(hosted, "wasmactors_modules_cached_bytes", "run-hosted"));
        Assert.True(Value(memory, "wasmactors_snapshot_bytes", "memory-1") >= snapshot.Bytes, "the memory node counts the snapshot it holds");
        Assert.True(Value(memory, "wasmactors_bytes_total", "memory-1") > 0, "the memory node served the fork's pages");
    }

    private static async Task<HttpStatusCode?> StatusAsync(int port, string path)
    {
        try
        {
            using var response = await Http.GetAsync($"http://127.0.0.1:{port}{path}");
            return response.StatusCode;
        }
        catch (HttpRequestException)
        {
            return null; // not listening yet
        }
    }

    private static async Task<string> ScrapeAsync(int port) => await Http.GetStringAsync($"http://127.0.0.1:{port}/metrics");

    /// <summary>The sum of a metric's samples for one node (over its other labels, e.g. path and direction).</summary>
    private static double Value(string scrape, string metric, string node) =>
        scrape.Split('\n')
            .Select(line => Sample().Match(line))
            .Where(m => m.Success && m.Groups["name"].Value == metric && m.Groups["labels"].Value.Contains($"node=\"{node}\"", StringComparison.Ordinal))
            .Sum(m => double.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure)
    {
        var deadline = DateTime.UtcNow + Timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < deadline, failure);
            await Task.Delay(250);
        }
    }

    [GeneratedRegex(@"^(?<name>[a-z_]+)\{(?<labels>[^}]*)\} (?<value>\S+)")]
    private static partial Regex Sample();
}
