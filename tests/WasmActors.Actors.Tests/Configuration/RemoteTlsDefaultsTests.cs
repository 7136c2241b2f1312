using System.Diagnostics;
using Akka.Actor;
using Akka.Cluster;
using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>
/// Remote TLS is on in the files users launch: the node files, client.conf and the client without --config all
/// name cluster/cluster.pfx; without that file a node or client stops at once with the command that makes it;
/// the command line's client session joins a TLS cluster, and one holding another certificate is told so.
/// </summary>
public sealed class RemoteTlsDefaultsTests
{
    private const string MakeCertificate = "`wasmactors cert --out cluster`";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    [Theory]
    [InlineData("seed-node.conf")]
    [InlineData("memory-node.conf")]
    [InlineData("run-node.conf")]
    [InlineData("client.conf")]
    public void TheFilesUsersLaunchTurnRemoteTlsOnWithTheClusterCertificate(string file)
    {
        var settings = RemoteTlsSettings.Read(WasmActorsConfig.FromFile(RepositoryFiles.Hocon(file)));
        Assert.True(settings.Enabled);
        Assert.Equal("cluster/cluster.pfx", settings.CertificatePath);
        Assert.Equal(settings, RemoteTlsSettings.Read(OrchestratorSession.ClientConfig(null, null)));
    }

    [Fact]
    public async Task WithoutTheCertificateANodeOrClientStopsAtOnceWithTheCommandThatMakesIt()
    {
        var folder = Directory.CreateTempSubdirectory("wasmactors-no-cert-").FullName;
        try
        {
            // Started in a folder holding no cluster/, exactly as a user would run them there.
            var runs = await Task.WhenAll(
                RunCli(folder, "node", "--config", RepositoryFiles.Hocon("seed-node.conf"), "--port", "0"),
                RunCli(folder, "ls", "--config", RepositoryFiles.Hocon("client.conf")),
                RunCli(folder, "stats"));
            foreach (var (exitCode, stdout, stderr) in runs)
            {
                Assert.NotEqual(0, exitCode);
                var line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
                Assert.Contains(MakeCertificate, line, StringComparison.Ordinal);
                Assert.Contains($"cluster/cluster.pfx does not exist (relative to the working directory {folder})", line, StringComparison.Ordinal);
                Assert.DoesNotContain("node seed-1", stdout, StringComparison.Ordinal); // never started, not even in plain text
            }

            // The command in the message, run in that folder, makes the very file the files name.
            var (made, certOutput, _) = await RunCli(folder, "cert", "--out", "cluster");
            Assert.Equal(0, made);
            Assert.Contains("use cluster/cluster.pfx as it is", certOutput, StringComparison.Ordinal);
            var named = RemoteTlsSettings.Read(WasmActorsConfig.FromFile(RepositoryFiles.Hocon("seed-node.conf"))).CertificatePath;
            using var certificate = ClusterCertificate.Load(Path.Combine(folder, named), null);
            Assert.True(certificate.HasPrivateKey);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Fact]
    public void TheMissingCertificateMessageNamesTheFolderToMakeItIn()
    {
        var absolute = Path.Combine(Path.GetTempPath(), "my certs", "prod.pfx");
        var message = ClusterCertificate.MissingMessage(absolute);
        Assert.Contains($"`wasmactors cert --out '{Path.GetDirectoryName(absolute)}'`", message, StringComparison.Ordinal);
        Assert.Contains("rename it to prod.pfx", message, StringComparison.Ordinal);
        Assert.DoesNotContain("working directory", message, StringComparison.Ordinal);
        Assert.Contains("`wasmactors cert --out .`", ClusterCertificate.MissingMessage("cluster.pfx"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TheCommandLineClientSessionReachesATlsClusterFromClientConf()
    {
        await using var memoryNode = await StartMemoryNodeAsync();
        await using var session = await OrchestratorSession.ConnectAsync(ClientConfig(memoryNode, TestClusterCertificate.Path), Timeout);
        Assert.Equal("akka.ssl.tcp", ((ExtendedActorSystem)session.System).Provider.DefaultAddress.Protocol);
        var memory = Assert.Single(await session.Client.MemoryNodesAsync());
        Assert.Equal(memoryNode.Name, memory.Name);
        Assert.Contains(await session.Client.StatsAsync(), stats => stats.Node == memoryNode.Name);
    }

    [Fact]
    public async Task AClientWithAnotherCertificateIsToldItFailedTheTlsHandshake()
    {
        await using var memoryNode = await StartMemoryNodeAsync();
        var other = TestClusterCertificate.Write(ClusterCertificate.Create(TimeSpan.FromDays(1)));
        var refused = await Assert.ThrowsAsync<OrchestratorException>(() => OrchestratorSession.ConnectAsync(ClientConfig(memoryNode, other), Timeout));
        Assert.Contains("failed its TLS handshake", refused.Message, StringComparison.Ordinal);
        Assert.Contains(other, refused.Message, StringComparison.Ordinal);
        Assert.Single(Cluster.Get(memoryNode.System).State.Members); // the cluster never let it in
    }

    /// <summary>A one-node TLS cluster from hocon/memory-node.conf with the test certificate (no bulk path: only membership and stats are asked).</summary>
    private static async Task<WasmActorsNode> StartMemoryNodeAsync()
    {
        var config = ConfigurationFactory.ParseString($"""
            akka.remote.dot-netty.tcp.port = 0
            akka.cluster.seed-nodes = []
            wasmactors.bulk.enabled = off
            {TestClusterCertificate.RemoteTlsConfig(TestClusterCertificate.Path)}
            """).WithFallback(WasmActorsConfig.FromFile(RepositoryFiles.Hocon("memory-node.conf")));
        var node = await WasmActorsNode.StartAsync(config);
        node.Join(node.Address);
        await node.WhenUpAsync(Timeout);
        return node;
    }

    /// <summary>hocon/client.conf as the command line loads it, seeded at <paramref name="seed"/>, with <paramref name="certificate"/>.</summary>
    private static Config ClientConfig(WasmActorsNode seed, string certificate) =>
        ConfigurationFactory.ParseString(TestClusterCertificate.RemoteTlsConfig(certificate))
            .WithFallback(OrchestratorSession.ClientConfig(RepositoryFiles.Hocon("client.conf"), seed.Address.ToString()));

    private static Task<(int ExitCode, string Stdout, string Stderr)> RunCli(string workingDirectory, params string[] arguments) =>
        CliProcess.RunAsync(workingDirectory, arguments);
}
