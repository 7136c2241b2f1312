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

    /// <summary>A client file naming the test cluster certificate, and the seed, as a user's shell would set them.</summary>
    private Dictionary<string, string> Environment(string seed)
    {
        var file = Path.Combine(_folder, "client.conf");
        File.WriteAllText(file, TestClusterCertificate.RemoteTlsConfig(TestClusterCertificate.Path));
        return new() { ["WASMACTORS_CONFIG"] = file, ["WASMACTORS_SEED"] = seed };
    }
}
