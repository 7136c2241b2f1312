using WasmActors.Transport.Security;

namespace WasmActors.Transport.Tests;

/// <summary>Every failure surfaces as a typed <see cref="PageTransportException"/> and leaves nothing hanging.</summary>
public sealed class ErrorTests
{
    private static readonly RegionKey Key = new(1, 1);

    public static TheoryData<string> Kinds => TransportKindData.Available();

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task Unknown_region_and_out_of_range_pages_are_typed_errors_and_the_connection_survives(string kind)
    {
        var (registry, _) = TestRegions.Single(Key, pages: 4, pageSize: 4096);
        await using var pair = await TransportKinds.StartAsync(kind, registry);

        var unknown = await Assert.ThrowsAsync<PageTransportException>(() => pair.Client.FetchAsync(new RegionKey(1, 2), [new PageRange(0, 1)]));
        var outside = await Assert.ThrowsAsync<PageTransportException>(() => pair.Client.FetchAsync(Key, [new PageRange(3, 2)]));
        var fine = await pair.Client.FetchAsync(Key, [new PageRange(3, 1)]);

        Assert.Equal(PageTransportError.UnknownRegion, unknown.Error);
        Assert.Equal(PageTransportError.PageOutOfRange, outside.Error);
        Assert.Equal(1, fine.PageCount);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task Requests_over_the_page_limit_are_refused(string kind)
    {
        var (registry, _) = TestRegions.Single(Key, pages: 64, pageSize: 4096);
        await using var pair = await TransportKinds.StartAsync(kind, registry, server: o => o with { MaxPagesPerRequest = 16 });

        var local = await Assert.ThrowsAsync<PageTransportException>(() => pair.Client.FetchAsync(Key, [new PageRange(0, 65537)]));
        var remote = await Assert.ThrowsAsync<PageTransportException>(() => pair.Client.FetchAsync(Key, [new PageRange(0, 17)]));

        Assert.Equal(PageTransportError.LimitExceeded, local.Error);
        Assert.Equal(PageTransportError.LimitExceeded, remote.Error);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task A_certificate_that_is_not_pinned_is_refused(string kind)
    {
        if (kind == TransportKinds.TcpPlain)
        {
            return; // no TLS on this variant: nothing to verify
        }
        var (registry, _) = TestRegions.Single(Key, pages: 1, pageSize: 4096);
        using var other = NodeCertificate.CreateSelfSigned("someone-else");

        var refused = await Assert.ThrowsAsync<PageTransportException>(() =>
            TransportKinds.StartAsync(kind, registry, client: o => o with { Trust = PeerTrust.Pin(other.Certificate) }));

        Assert.Equal(PageTransportError.CertificateRejected, refused.Error);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task A_certificate_issued_by_a_trusted_authority_is_accepted(string kind)
    {
        if (kind == TransportKinds.TcpPlain)
        {
            return; // no TLS on this variant: nothing to verify
        }
        using var authority = TestCertificates.CreateAuthority();
        using var issued = TestCertificates.Issue(authority, "ca-issued-node");
        var (registry, _) = TestRegions.Single(Key, pages: 1, pageSize: 4096);

        await using var pair = await TransportKinds.StartAsync(kind, registry,
            client: o => o with { Trust = PeerTrust.CertificateAuthority(authority.Certificate) },
            server: o => o with { Certificate = issued });
        var page = await pair.Client.FetchAsync(Key, [new PageRange(0, 1)]);

        Assert.Equal(4096, page.Data.Length);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task A_certificate_loaded_from_PEM_files_serves_and_is_pinned(string kind)
    {
        var directory = Directory.CreateTempSubdirectory("wasmactors-cert-");
        try
        {
            using var generated = NodeCertificate.CreateSelfSigned("pem-node");
            var certificatePath = Path.Combine(directory.FullName, "node.crt");
            var keyPath = Path.Combine(directory.FullName, "node.key");
            await File.WriteAllTextAsync(certificatePath, generated.CertificatePem);
            await File.WriteAllTextAsync(keyPath, generated.PrivateKeyPem);
            using var loaded = NodeCertificate.LoadPem(certificatePath, keyPath);
            var (registry, bytes) = TestRegions.Single(Key, pages: 2, pageSize: 4096);

            await using var pair = await TransportKinds.StartAsync(kind, registry,
                client: o => o with { Trust = PeerTrust.Pin(generated.Certificate) },
                server: o => o with { Certificate = loaded });
            var page = await pair.Client.FetchAsync(Key, [new PageRange(1, 1)]);

            Assert.Equal(bytes.AsSpan(4096, 4096).ToArray(), page.Data.ToArray());
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task Connecting_to_nothing_fails_within_the_connect_timeout(string kind)
    {
        var transport = TransportKinds.Create(kind);
        var nobody = TestSockets.UnusedLoopbackEndPoint();

        var failed = await Assert.ThrowsAsync<PageTransportException>(() =>
            transport.ConnectAsync(nobody, TransportKinds.ClientOptions(kind) with { ConnectTimeout = TimeSpan.FromSeconds(1) }));

        Assert.Equal(PageTransportError.ConnectFailed, failed.Error);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task Closing_the_client_fails_its_open_requests_and_later_ones(string kind)
    {
        var (registry, _) = TestRegions.Single(Key, pages: 1024, pageSize: 65536);
        var pair = await TransportKinds.StartAsync(kind, registry);
        await using var server = pair.Server;

        var open = Enumerable.Range(0, 8).Select(_ => pair.Client.FetchAsync(Key, [new PageRange(0, 1024)])).ToArray();
        await pair.Client.DisposeAsync();
        var failed = await Assert.ThrowsAnyAsync<Exception>(async () => await Task.WhenAll(open));
        var later = await Assert.ThrowsAsync<PageTransportException>(() => pair.Client.FetchAsync(Key, [new PageRange(0, 1)]));

        Assert.True(failed is PageTransportException or OperationCanceledException, failed.ToString());
        Assert.Equal(PageTransportError.ConnectionClosed, later.Error);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task Stopping_the_server_fails_open_requests_without_waiting_for_a_timeout(string kind)
    {
        var (registry, _) = TestRegions.Single(Key, pages: 1024, pageSize: 65536);
        var pair = await TransportKinds.StartAsync(kind, registry, client: o => o with { RequestTimeout = TimeSpan.FromMinutes(5), IdleTimeout = TimeSpan.FromMinutes(1) });
        await using var client = pair.Client;

        var open = Enumerable.Range(0, 8).Select(_ => client.FetchAsync(Key, [new PageRange(0, 1024)])).ToArray();
        await pair.Server.DisposeAsync();
        var failed = await Assert.ThrowsAnyAsync<PageTransportException>(async () => await Task.WhenAll(open));

        // Both deadlines are minutes away: only the server's close can have ended these requests.
        Assert.Equal(PageTransportError.ConnectionClosed, failed.Error);
    }
}
