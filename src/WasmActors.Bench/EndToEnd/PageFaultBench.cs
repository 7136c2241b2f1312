using System.Diagnostics;
using System.Net;
using Akka.Actor;
using Akka.Configuration;
using WasmActors.Transport;
using WasmActors.Transport.Ngtcp2;
using WasmActors.Transport.Security;
using WasmActors.Transport.Server;
using WasmActors.Transport.Tcp;

namespace WasmActors.Bench.EndToEnd;

/// <summary>
/// Page-fault service latency on loopback: one page fetched at a time (what a fault waits for) over the bulk path's
/// QUIC (ngtcp2) and TCP backends, and a 4 KiB reply to an Akka Ask between two ActorSystems over Akka.Remote.
/// Also the streaming rate with 64 KiB pages, which the transport goals are stated in.
/// </summary>
internal static class PageFaultBench
{
    public static async Task RunAsync(int samples, BenchResults results, Action<string> status)
    {
        using var certificate = NodeCertificate.CreateSelfSigned("bench");
        var region = new byte[16 * 1024 * 1024];
        new Random(1).NextBytes(region);
        var registry = new PageRegistry();
        registry.Register(new RegionKey(1, 1), region, 4096);
        registry.Register(new RegionKey(2, 1), region, 65536);

        var backends = new List<(string Name, IPageTransport Transport)>();
        if (NgQuicPageTransport.UnavailableReason is null)
        {
            backends.Add(("quic (ngtcp2)", new NgQuicPageTransport()));
        }
        else
        {
            results.Problems.Add($"QUIC not measured: {NgQuicPageTransport.UnavailableReason}");
        }

        backends.Add(("tcp + TLS 1.3", new TcpPageTransport()));
        foreach (var (name, transport) in backends)
        {
            status(name);
            // Mutual TLS, as a cluster's bulk path runs: both sides present the one certificate and pin it.
            var pin = PeerTrust.Pin(certificate.Certificate);
            var serverOptions = new PageTransportOptions { Certificate = certificate, Trust = pin, QuicWindowBytes = 64 * 1024 * 1024 };
            var clientOptions = new PageTransportOptions { Certificate = certificate, Trust = pin, QuicWindowBytes = 64 * 1024 * 1024 };
            await using var server = await transport.StartServerAsync(new IPEndPoint(IPAddress.Loopback, 0), registry, serverOptions);
            await using var client = await transport.ConnectAsync(server.LocalEndPoint, clientOptions);
            var small = await LatencyAsync(client, new RegionKey(1, 1), 4096, samples);
            var large = await LatencyAsync(client, new RegionKey(2, 1), 65536, Math.Max(100, samples / 4));
            var rate = await ThroughputAsync(client, new RegionKey(2, 1), samples >= 1000 ? 256 : 32);
            results.PageFaults.Add(Row(name, 4096, small, null, "one page per request, sequential"));
            results.PageFaults.Add(Row(name, 65536, large, rate, "one page per request; MiB/s: 16 requests of 1 MiB in flight"));
        }

        status("Akka.Remote Ask");
        results.PageFaults.Add(Row("akka.remote (Ask, 4 KiB reply)", 4096, await AkkaAskAsync(samples), null, "plain Ask between two ActorSystems on loopback; the reply is a byte[] (Akka's byte-array serializer)"));
    }

    private static PageFaultRow Row(string path, int pageBytes, double[] micros, double? rate, string note)
    {
        Array.Sort(micros);
        return new PageFaultRow(path, pageBytes, Percentiles.Median(micros), Percentiles.Of(micros, 99), rate, micros, note);
    }

    private static async Task<double[]> LatencyAsync(IPageClient client, RegionKey region, int pageSize, int count)
    {
        var buffer = new byte[pageSize];
        var pages = (uint)(16 * 1024 * 1024 / pageSize);
        for (var i = 0; i < Math.Max(20, count / 10); i++)
        {
            await client.FetchAsync(region, [new PageRange((uint)(i % pages), 1)], buffer);
        }

        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await client.FetchAsync(region, [new PageRange((uint)(i * 7 % pages), 1)], buffer);
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }

        return samples;
    }

    private static async Task<double> ThroughputAsync(IPageClient client, RegionKey region, int mebibytes)
    {
        const int inFlight = 16;
        var buffers = Enumerable.Range(0, inFlight).Select(_ => new byte[1024 * 1024]).ToArray();
        await client.FetchAsync(region, [new PageRange(0, 16)], buffers[0]);
        var next = -1;
        var clock = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async slot =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < mebibytes)
            {
                await client.FetchAsync(region, [new PageRange((uint)(i % 16 * 16), 16)], buffers[slot]);
            }
        }));
        return mebibytes / clock.Elapsed.TotalSeconds;
    }

    private static async Task<double[]> AkkaAskAsync(int count)
    {
        const string Hocon = """
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp.hostname = 127.0.0.1
            akka.remote.dot-netty.tcp.port = 0
            akka.loglevel = WARNING
            akka.stdout-loglevel = WARNING
            """;
        var serverSystem = ActorSystem.Create("pages", ConfigurationFactory.ParseString(Hocon));
        var clientSystem = ActorSystem.Create("faults", ConfigurationFactory.ParseString(Hocon));
        try
        {
            serverSystem.ActorOf(Props.Create(() => new PageActor()), "page");
            var address = ((ExtendedActorSystem)serverSystem).Provider.DefaultAddress;
            var page = await clientSystem.ActorSelection($"{address}/user/page").ResolveOne(TimeSpan.FromSeconds(10));
            for (var i = 0; i < Math.Max(20, count / 10); i++)
            {
                await page.Ask<byte[]>(i, TimeSpan.FromSeconds(10));
            }

            var samples = new double[count];
            for (var i = 0; i < count; i++)
            {
                var start = Stopwatch.GetTimestamp();
                await page.Ask<byte[]>(i, TimeSpan.FromSeconds(10));
                samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
            }

            return samples;
        }
        finally
        {
            await Task.WhenAll(clientSystem.Terminate(), serverSystem.Terminate());
        }
    }

    /// <summary>Replies to any int with a 4 KiB page.</summary>
    private sealed class PageActor : ReceiveActor
    {
        public PageActor()
        {
            var page = new byte[4096];
            Receive<int>(i =>
            {
                page[0] = (byte)i;
                Sender.Tell(page);
            });
        }
    }
}
