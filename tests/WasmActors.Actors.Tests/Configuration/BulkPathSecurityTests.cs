using System.Net;
using System.Security.Cryptography.X509Certificates;
using Akka.Configuration;
using WasmActors.Actors.Configuration;
using WasmActors.Actors.Hosting;
using WasmActors.Actors.Messages;
using WasmActors.TestKit;
using WasmActors.Transport;
using WasmActors.Transport.Ngtcp2;
using WasmActors.Transport.Security;
using WasmActors.Transport.Tcp;

namespace WasmActors.Actors.Tests;

/// <summary>
/// A memory node's bulk page server, started as `wasmactors node` starts it: with remote TLS on it serves only
/// clients presenting the cluster certificate (docs/adr-012-bulk-path-mutual-tls.md); with remote TLS off, anyone.
/// </summary>
public sealed class BulkPathSecurityTests
{
    private static readonly RegionKey Nowhere = new(42, 1);

    [Theory(Timeout = 60_000)]
    [InlineData("quic")]
    [InlineData("tcp")]
    public async Task With_remote_TLS_on_only_a_client_holding_the_cluster_certificate_gets_past_the_handshake(string transport)
    {
        await using var node = await WasmActorsNode.StartAsync(WasmActorsTestKit.NodeConfig("memory-node.conf", "memory-1", $"wasmactors.bulk.transport = {transport}"));
        var endpoint = Assert.IsType<BulkEndpoint>(node.BulkEndpoint);
        using var stranger = NodeCertificate.CreateSelfSigned("wasmactors-node");

        // Outsiders who even know the server's certificate (it is announced in every snapshot reference).
        var anonymous = await Assert.ThrowsAsync<PageTransportException>(() => ConnectAsync(endpoint, Outsider(endpoint, null)));
        var impostor = await Assert.ThrowsAsync<PageTransportException>(() => ConnectAsync(endpoint, Outsider(endpoint, stranger)));

        // A member, with the options a run node of this cluster uses: connected, and answered by the server.
        using var security = BulkPathSecurity.For(node.System, node.Settings.Bulk);
        await using var member = await ConnectAsync(endpoint, security.ClientOptions(node.Settings, endpoint));
        var answered = await Assert.ThrowsAsync<PageTransportException>(() => member.FetchAsync(Nowhere, [new PageRange(0, 1)]));

        Assert.True(security.MutualTls);
        Assert.Equal(PageTransportError.Unauthenticated, anonymous.Error);
        Assert.Equal(PageTransportError.Unauthenticated, impostor.Error);
        Assert.Equal(PageTransportError.UnknownRegion, answered.Error);
        Assert.Equal(0, node.MemoryCounters.BulkBytes);
    }

    [Fact(Timeout = 60_000)]
    public async Task With_remote_TLS_off_the_bulk_path_serves_any_client()
    {
        await using var node = await WasmActorsNode.StartAsync(WasmActorsTestKit.NodeConfig("memory-node.conf", "memory-1", "wasmactors.remote-tls.insecure-plaintext = on"));
        var endpoint = Assert.IsType<BulkEndpoint>(node.BulkEndpoint);
        using var security = BulkPathSecurity.For(node.System, node.Settings.Bulk);

        await using var anonymous = await ConnectAsync(endpoint, Outsider(endpoint, null));
        var answered = await Assert.ThrowsAsync<PageTransportException>(() => anonymous.FetchAsync(Nowhere, [new PageRange(0, 1)]));

        Assert.False(security.MutualTls);
        Assert.Equal(PageTransportError.UnknownRegion, answered.Error);
    }

    [Fact]
    public void Remote_TLS_with_the_bulk_path_over_plain_TCP_is_a_configuration_error()
    {
        var config = ConfigurationFactory.ParseString($"{TestClusterCertificate.RemoteTlsConfig(TestClusterCertificate.Path)}\nwasmactors.bulk.tcp-tls = off")
            .WithFallback(WasmActorsConfig.Reference);
        var settings = WasmActorsSettings.Create(config, "127.0.0.1:0");

        var refused = Assert.Throws<ConfigurationException>(() => BulkPathSecurity.For(config, settings.Bulk, null));
        using var plain = BulkPathSecurity.For(ConfigurationFactory.ParseString("wasmactors.remote-tls.insecure-plaintext = on").WithFallback(config), settings.Bulk, null);

        Assert.Contains("tcp-tls", refused.Message, StringComparison.Ordinal);
        Assert.False(plain.MutualTls);
    }

    private static PageTransportOptions Outsider(BulkEndpoint endpoint, NodeCertificate? certificate)
    {
        using var server = X509CertificateLoader.LoadCertificate(endpoint.CertificateDer);
        return new PageTransportOptions { Certificate = certificate, Trust = PeerTrust.Pin(server) };
    }

    private static Task<IPageClient> ConnectAsync(BulkEndpoint endpoint, PageTransportOptions options)
    {
        IPageTransport transport = endpoint.Transport == "quic" ? new NgQuicPageTransport() : new TcpPageTransport();
        return transport.ConnectAsync(new IPEndPoint(IPAddress.Parse(endpoint.Host), endpoint.Port), options);
    }
}
