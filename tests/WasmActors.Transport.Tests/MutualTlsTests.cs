using WasmActors.Transport.Security;
using WasmActors.Transport.Server;

namespace WasmActors.Transport.Tests;

/// <summary>
/// A server given a <see cref="PeerTrust"/> serves only clients presenting an accepted certificate (mutual TLS, as
/// a cluster's bulk path runs): anyone else fails the handshake with a typed error, and the server's page source is
/// never read for them. Runs on every TLS backend available here (System.Net.Quic only where libmsquic is
/// installed; <see cref="BackendSelectionTests"/> prints why it is left out otherwise).
/// </summary>
public sealed class MutualTlsTests
{
    private static readonly RegionKey Key = new(7, 1);

    public static TheoryData<string> TlsKinds()
    {
        var data = new TheoryData<string> { TransportKinds.Tcp, TransportKinds.Quic };
        if ((OperatingSystem.IsLinux() || OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()) && SystemQuic.SystemQuicPageTransport.IsSupported)
        {
            data.Add(TransportKinds.MsQuic);
        }
        return data;
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(TlsKinds))]
    public async Task A_client_without_a_certificate_cannot_connect_and_reads_no_page(string kind)
    {
        await AssertRefusedAsync(kind, certificate: null);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(TlsKinds))]
    public async Task A_client_with_another_self_signed_certificate_cannot_connect_and_reads_no_page(string kind)
    {
        using var stranger = NodeCertificate.CreateSelfSigned("wasmactors-node");
        await AssertRefusedAsync(kind, stranger);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(TlsKinds))]
    public async Task A_client_presenting_a_certificate_pinned_by_fingerprint_is_served(string kind)
    {
        // Rotation: the server also accepts the next certificate by its SHA-256 fingerprint, written with colons.
        using var next = NodeCertificate.CreateSelfSigned("next");
        var fingerprint = string.Join(':', Convert.ToHexString(next.Certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256)).Chunk(2).Select(c => new string(c)));
        var (registry, reads) = CountingRegistry();
        await using var pair = await TransportKinds.StartAsync(kind, registry,
            client: o => o with { Certificate = next },
            server: o => o with { Trust = PeerTrust.Fingerprints([ClusterFingerprint(), fingerprint]) });

        var page = await pair.Client.FetchAsync(Key, [new PageRange(0, 1)]);

        Assert.Equal(4096, page.Data.Length);
        Assert.Equal(1, reads());
    }

    [Fact]
    public void Pins_are_checked_by_fingerprint_and_validity_and_malformed_fingerprints_are_refused()
    {
        using var expired = ExpiredCertificate();
        using var other = NodeCertificate.CreateSelfSigned("other");
        var trust = PeerTrust.Fingerprints([ClusterFingerprint().ToLowerInvariant(), Convert.ToHexString(expired.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256))]);

        Assert.True(trust.Accepts(TransportKinds.Certificate.Certificate));
        Assert.Contains("not now", trust.Refusal(expired), StringComparison.Ordinal);
        Assert.Contains("is not a pinned certificate", trust.Refusal(other.Certificate), StringComparison.Ordinal);
        Assert.Contains("no certificate", trust.Refusal(null), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => PeerTrust.Fingerprints(["AB:CD"]));
    }

    private static async Task AssertRefusedAsync(string kind, NodeCertificate? certificate)
    {
        var (registry, reads) = CountingRegistry();
        var transport = TransportKinds.Create(kind);
        await using var server = await transport.StartServerAsync(TransportKinds.Loopback, registry, TransportKinds.ServerOptions(kind));

        var refused = await Assert.ThrowsAsync<PageTransportException>(() =>
            transport.ConnectAsync(server.LocalEndPoint, TransportKinds.ClientOptions(kind) with { Certificate = certificate }));

        Assert.True(refused.Error == PageTransportError.Unauthenticated, refused.ToString());
        Assert.Equal(0, reads());

        // The same server still serves a client holding the pinned certificate, and that read is counted.
        await using var member = await transport.ConnectAsync(server.LocalEndPoint, TransportKinds.ClientOptions(kind));
        await member.FetchAsync(Key, [new PageRange(0, 1)]);
        Assert.Equal(1, reads());
    }

    private static (PageRegistry Registry, Func<int> Reads) CountingRegistry()
    {
        var reads = 0;
        var registry = new PageRegistry();
        registry.Register(Key, new DelegatePageProvider(4096, 4, (_, _, destination) =>
        {
            Interlocked.Increment(ref reads);
            destination.Fill(0x5a);
        }));
        return (registry, () => Volatile.Read(ref reads));
    }

    private static string ClusterFingerprint() =>
        Convert.ToHexString(TransportKinds.Certificate.Certificate.GetCertHash(System.Security.Cryptography.HashAlgorithmName.SHA256));

    private static System.Security.Cryptography.X509Certificates.X509Certificate2 ExpiredCertificate()
    {
        using var key = System.Security.Cryptography.ECDsa.Create();
        var request = new System.Security.Cryptography.X509Certificates.CertificateRequest("CN=expired", key, System.Security.Cryptography.HashAlgorithmName.SHA256);
        return request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-10), DateTimeOffset.UtcNow.AddDays(-1));
    }
}
