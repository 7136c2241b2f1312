using WasmActors.Actors.Configuration;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Orchestration;
using WasmActors.TestKit;

namespace WasmActors.Actors.Tests;

/// <summary>Rotating the cluster certificate: nodes on the old and the new certificate talk while each lists the other in also-accept.</summary>
public sealed class RemoteTlsRotationTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task NodesOnTheOldAndTheNextCertificateTalkWhileEachAlsoAcceptsTheOther()
    {
        using var old = ClusterCertificate.Create(TimeSpan.FromDays(1));
        using var next = ClusterCertificate.Create(TimeSpan.FromDays(1));
        var oldPath = TestClusterCertificate.Write(old);
        var nextPath = TestClusterCertificate.Write(next);

        await using var memory = await WasmActorsNode.StartAsync(WasmActorsTestKit.NodeConfig("memory-node.conf", "memory-1", Tls(oldPath, next)));
        await using var run = await WasmActorsNode.StartAsync(WasmActorsTestKit.NodeConfig("run-node.conf", "run-1", Tls(nextPath, old)));
        memory.Join(memory.Address);
        run.Join(memory.Address);
        await Task.WhenAll(memory.WhenUpAsync(Timeout), run.WhenUpAsync(Timeout));

        var stats = await new OrchestratorClient(memory.System, Timeout).StatsAsync();
        Assert.Contains(stats, s => s.Node == "run-1");
    }

    private static string Tls(string path, System.Security.Cryptography.X509Certificates.X509Certificate2 alsoAccept) =>
        "wasmactors.bulk.enabled = off\n" + TestClusterCertificate.RemoteTlsConfig(path) +
        $"\nwasmactors.remote-tls.also-accept = [\"{ClusterCertificate.Fingerprint(alsoAccept)}\"]";
}
