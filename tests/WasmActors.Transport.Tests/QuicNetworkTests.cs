using System.IO.Hashing;
using WasmActors.Transport.Ngtcp2;
using Xunit.Abstractions;

namespace WasmActors.Transport.Tests;

/// <summary>The ngtcp2 backend over a hostile network: loss, reordering, and a peer that vanishes.</summary>
public sealed class QuicNetworkTests(ITestOutputHelper output)
{
    private static readonly RegionKey Key = new(11, 1);

    /// <summary>The relay is on loopback, so by default both ends send 65000-byte datagrams through it; the
    /// 1452-byte case is what peers on other hosts send.</summary>
    [Theory(Timeout = 90_000)]
    [InlineData(0.01, 0.02, 1, 256, 65000)]
    [InlineData(0.05, 0.05, 2, 128, 65000)]
    [InlineData(0.05, 0.05, 3, 128, 1452)]
    public async Task Pages_arrive_intact_through_loss_and_reordering(double loss, double reorder, int seed, int pages, int datagramBytes)
    {
        const int pageSize = 65536;
        var (registry, bytes) = TestRegions.Single(Key, pages, pageSize, seed: 77); // 16 or 8 MiB
        var transport = new NgQuicPageTransport();
        var serverOptions = TransportKinds.ServerOptions(TransportKinds.Quic) with { QuicLocalUdpPayload = datagramBytes };
        var clientOptions = TransportKinds.ClientOptions(TransportKinds.Quic) with { QuicLocalUdpPayload = datagramBytes };
        await using var server = await transport.StartServerAsync(TransportKinds.Loopback, registry, serverOptions);
        using var relay = new LossyUdpRelay(server.LocalEndPoint, loss, reorder, seed);
        await using var client = await transport.ConnectAsync(relay.EndPoint, clientOptions);

        var buffer = new byte[bytes.Length];
        await Task.WhenAll(Enumerable.Range(0, pages / 16).Select(i =>
            client.FetchAsync(Key, [new PageRange((uint)(i * 16), 16)], buffer.AsMemory(i * 16 * pageSize, 16 * pageSize))));
        var small = await Task.WhenAll(Enumerable.Range(0, 200).Select(i => client.FetchAsync(Key, [new PageRange((uint)(i % pages), 1)])));

        output.WriteLine($"relay: forwarded {relay.Forwarded}, dropped {relay.Dropped}, reordered {relay.Reordered}, largest datagram {relay.LargestDatagram} bytes");
        Assert.Equal(XxHash128.Hash(bytes), XxHash128.Hash(buffer));
        Assert.InRange(relay.LargestDatagram, datagramBytes - 100, datagramBytes); // the configured size was really used
        Assert.All(small.Select((r, i) => (r, i)), x => Assert.True(x.r.Data.Span.SequenceEqual(bytes.AsSpan(x.i % pages * pageSize, pageSize))));
        Assert.True(relay.Dropped > 0, "the relay should have dropped datagrams");
        Assert.True(relay.Reordered > 0, "the relay should have reordered datagrams");
    }

    [Fact(Timeout = 30_000)]
    public async Task A_server_that_vanishes_mid_transfer_fails_requests_with_the_idle_timeout()
    {
        var (registry, _) = TestRegions.Single(Key, pages: 1024, pageSize: 65536);
        var transport = new NgQuicPageTransport();
        await using var server = await transport.StartServerAsync(TransportKinds.Loopback, registry, TransportKinds.ServerOptions(TransportKinds.Quic));
        using var relay = new LossyUdpRelay(server.LocalEndPoint, loss: 0, reorder: 0, seed: 3);
        var options = TransportKinds.ClientOptions(TransportKinds.Quic) with { IdleTimeout = TimeSpan.FromSeconds(2), RequestTimeout = TimeSpan.FromMinutes(5) };
        await using var client = await transport.ConnectAsync(relay.EndPoint, options);

        var transfers = Enumerable.Range(0, 16).Select(_ => client.FetchAsync(Key, [new PageRange(0, 1024)])).ToArray();
        await Task.Delay(50);
        relay.Blackhole = true; // from the client's side, indistinguishable from a killed server process
        var failed = await Assert.ThrowsAnyAsync<PageTransportException>(async () => await Task.WhenAll(transfers));

        // The request deadline is minutes away, so only the 2 s idle timeout can have ended these requests.
        Assert.Equal(PageTransportError.Timeout, failed.Error);
        Assert.Contains("idle", failed.Message);
    }

    [Fact(Timeout = 30_000)]
    public async Task A_killed_server_endpoint_is_detected_by_the_idle_timeout()
    {
        var (registry, _) = TestRegions.Single(Key, pages: 1024, pageSize: 65536);
        var transport = new NgQuicPageTransport();
        var server = await transport.StartServerAsync(TransportKinds.Loopback, registry, TransportKinds.ServerOptions(TransportKinds.Quic));
        var options = TransportKinds.ClientOptions(TransportKinds.Quic) with { IdleTimeout = TimeSpan.FromSeconds(2), RequestTimeout = TimeSpan.FromMinutes(5) };
        await using var client = await transport.ConnectAsync(server.LocalEndPoint, options);

        var transfers = Enumerable.Range(0, 16).Select(_ => client.FetchAsync(Key, [new PageRange(0, 1024)])).ToArray();
        ((NgQuicPageServer)server).Kill();
        var failed = await Assert.ThrowsAnyAsync<PageTransportException>(async () => await Task.WhenAll(transfers));

        Assert.True(failed.Error is PageTransportError.Timeout or PageTransportError.ConnectionClosed, failed.Message);
        await server.DisposeAsync();
    }

    [Fact]
    public void Peers_on_this_host_get_local_sized_datagrams_and_others_network_sized_ones()
    {
        var options = new PageTransportOptions { QuicMaxUdpPayload = 1400, QuicLocalUdpPayload = 60000 };

        Assert.Equal(60000, NgQuicOptions.UdpPayloadFor(options, System.Net.IPAddress.Loopback));
        Assert.Equal(60000, NgQuicOptions.UdpPayloadFor(options, System.Net.IPAddress.IPv6Loopback));
        Assert.Equal(60000, NgQuicOptions.UdpPayloadFor(options, System.Net.IPAddress.Loopback.MapToIPv6()));
        Assert.Equal(1400, NgQuicOptions.UdpPayloadFor(options, System.Net.IPAddress.Parse("192.0.2.1"))); // TEST-NET-1, never local
        Assert.Throws<ArgumentException>(() => (options with { QuicLocalUdpPayload = 70000 }).Validate());
    }

    /// <summary>Stream reads resume on the endpoint's I/O thread; the caller's code after an await must not,
    /// or a slow caller would hold up every connection of the endpoint.</summary>
    [Fact(Timeout = 30_000)]
    public async Task Callers_resume_off_the_io_thread_after_connect_fetch_and_failure()
    {
        var (registry, _) = TestRegions.Single(Key, pages: 64, pageSize: 65536);
        var transport = new NgQuicPageTransport();
        await using var server = await transport.StartServerAsync(TransportKinds.Loopback, registry, TransportKinds.ServerOptions(TransportKinds.Quic));
        await using var client = await transport.ConnectAsync(server.LocalEndPoint, TransportKinds.ClientOptions(TransportKinds.Quic));
        var threads = new List<string?> { Thread.CurrentThread.Name };
        Assert.False(Quic.IoThread.IsCurrent);

        var buffer = new byte[32 * 65536];
        for (var i = 0; i < 40; i++)
        {
            var count = (uint)(i % 2 == 0 ? 1 : 32);
            await client.FetchAsync(Key, [new PageRange(0, count)], buffer.AsMemory(0, (int)count * 65536));
            threads.Add(Thread.CurrentThread.Name);
            Assert.False(Quic.IoThread.IsCurrent);
        }
        await Assert.ThrowsAsync<PageTransportException>(() => client.FetchAsync(new RegionKey(99, 1), [new PageRange(0, 1)]));
        threads.Add(Thread.CurrentThread.Name);

        Assert.False(Quic.IoThread.IsCurrent);
        Assert.DoesNotContain(threads, name => name is "quic-client-io" or "quic-server-io");
    }
}
