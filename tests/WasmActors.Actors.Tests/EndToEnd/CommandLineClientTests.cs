using System.Text.Json;
using WasmActors.TestKit;
using Xunit.Abstractions;

namespace WasmActors.Actors.Tests;

/// <summary>
/// The `wasmactors` client commands as processes of their own, as a user runs them: they reach the cluster without
/// joining it (ADR-018), configured by the environment (WASMACTORS_CONFIG, WASMACTORS_SEED) instead of options.
/// </summary>
public sealed class CommandLineClientTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("wasmactors-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task AnUnreachableSeedIsReportedInOneLine()
    {
        var port = NodeProcesses.FreePort(); // nothing listens there
        var (code, stdout, stderr) = await CliProcess.RunAsync(_folder, Environment($"127.0.0.1:{port}"), "ls");
        output.WriteLine(stderr);
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"wasmactors: connect: no seed node is reachable at akka.ssl.tcp://wasmactors@127.0.0.1:{port}", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASeedThatAcceptsButNeverAnswersIsReportedAfterTheContactTimeout()
    {
        // A stalled process: the kernel accepts the connection, nothing completes the TLS handshake.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var environment = Environment($"127.0.0.1:{port}");
        File.AppendAllText(environment["WASMACTORS_CONFIG"], "wasmactors.client.contact-timeout = 2s\n"); // the default
        var (code, stdout, stderr) = await CliProcess.RunAsync(_folder, environment, "ls");
        output.WriteLine($"{clock.Elapsed.TotalSeconds:0.0} s: {stderr}");
        Assert.Equal(1, code);
        Assert.Equal("", stdout);
        var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith($"wasmactors: connect: no node answered at akka.ssl.tcp://wasmactors@127.0.0.1:{port} within 2 s", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AClientThatIsNoMemberDeploysFollowsPausesResumesAndStopsAProgram()
    {
        var seedPort = NodeProcesses.FreePort();
        await using var nodes = new NodeProcesses(output);
        nodes.Launch("seed-node.conf", seedPort, "seed-1", $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}");
        nodes.Launch("run-node.conf", NodeProcesses.FreePort(), "run-1", $"akka.ssl.tcp://wasmactors@127.0.0.1:{seedPort}");
        var environment = Environment($"127.0.0.1:{seedPort}");
        var deadline = DateTime.UtcNow + Timeout;
        while (!(await CliProcess.RunAsync(_folder, environment, "stats", "--json")).Stdout.Contains("\"run-1\"", StringComparison.Ordinal))
        {
            Assert.True(DateTime.UtcNow < deadline, "the node processes did not form a cluster in time"); // refused until the seed listens
            await Task.Delay(500);
        }

        // Long enough to be running through every step below, printing a line every 100 steps.
        var deployed = JsonDocument.Parse(await Cli(environment, "deploy", "--json", RepositoryFiles.Sample("counter"), "--node", "run-1", "--", "100000000", "100", "1000")).RootElement;
        Assert.Equal("run-1", deployed.GetProperty("node").GetString());
        var id = deployed.GetProperty("instanceId").GetString()!;

        await DashboardOfTheClientShowsAsync(environment, id);

        using var logs = CliProcess.Start(_folder, environment, "logs", id);
        try
        {
            var followed = await logs.StandardOutput.ReadLineAsync().WaitAsync(Timeout);
            Assert.StartsWith("step ", followed, StringComparison.Ordinal);

            Assert.Equal($"{id} paused", (await Cli(environment, "pause", id)).Trim());
            Assert.Equal("paused", StateInListing(await Cli(environment, "ls", "--json"), id).GetProperty("state").GetString());
            Assert.Equal($"{id} running", (await Cli(environment, "resume", id)).Trim());
            Assert.Equal($"{id} stopped", (await Cli(environment, "stop", id)).Trim());

            // The follower hears the end and ends with it; the stopped instance stays listed, with when it ended.
            var stderr = logs.StandardError.ReadToEndAsync();
            await logs.StandardOutput.ReadToEndAsync().WaitAsync(Timeout);
            await logs.WaitForExitAsync().WaitAsync(Timeout);
            Assert.Equal(0, logs.ExitCode);
            Assert.Equal("stopped", (await stderr).Trim());
            var ended = StateInListing(await Cli(environment, "ls", "--json"), id);
            Assert.Equal("stopped", ended.GetProperty("state").GetString());
            Assert.Equal(JsonValueKind.String, ended.GetProperty("endedAt").ValueKind);
        }
        finally
        {
            if (!logs.HasExited)
            {
                logs.Kill(entireProcessTree: true);
            }
        }
    }

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>`wasmactors dashboard` serves the page from a client: its view lists <paramref name="instanceId"/>.</summary>
    private async Task DashboardOfTheClientShowsAsync(IReadOnlyDictionary<string, string> environment, string instanceId)
    {
        using var dashboard = CliProcess.Start(_folder, environment, "dashboard", "--port", $"{NodeProcesses.FreePort()}");
        try
        {
            var line = await dashboard.StandardOutput.ReadLineAsync().WaitAsync(Timeout) ?? "";
            Assert.StartsWith("dashboard at http://127.0.0.1:", line, StringComparison.Ordinal);
            var address = new Uri(line["dashboard at ".Length..]);
            using var http = new HttpClient { BaseAddress = address };
            var view = await http.GetStringAsync("/api/view").WaitAsync(Timeout);
            Assert.Contains(instanceId, view, StringComparison.Ordinal);
            Assert.Equal(System.Net.HttpStatusCode.Unauthorized, (await http.PostAsync("/api/stop", new StringContent($"{{\"instance\":\"{instanceId}\"}}"))).StatusCode);
        }
        finally
        {
            dashboard.Kill(entireProcessTree: true);
            await dashboard.WaitForExitAsync().WaitAsync(Timeout);
        }
    }

    /// <summary>Runs a client command that must succeed; its stdout.</summary>
    private async Task<string> Cli(Dictionary<string, string> environment, params string[] arguments)
    {
        var (code, stdout, stderr) = await CliProcess.RunAsync(_folder, environment, arguments);
        Assert.True(code == 0, $"wasmactors {string.Join(' ', arguments)} failed ({code}): {stderr}");
        return stdout;
    }

    private static JsonElement StateInListing(string json, string id) =>
        JsonDocument.Parse(json).RootElement.GetProperty("instances").EnumerateArray().Single(i => i.GetProperty("instanceId").GetString() == id);

    private Dictionary<string, string> Environment(string seed) => ClientFile.Environment(_folder, seed);
}
