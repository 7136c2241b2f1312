using System.Diagnostics;
using System.Net;
using WasmActors.Transport;
using WasmActors.Transport.Ngtcp2;
using WasmActors.Transport.Security;
using WasmActors.Transport.Server;
using WasmActors.Transport.Tcp;

// Loopback figures for the bulk page path: streaming throughput with 64 KiB pages and single-page
// fetch latency (p50/p99) for 4 KiB and 64 KiB pages, per backend. Usage:
//   WasmActors.Transport.Benchmarks [--quick] [--quic-only] [--udp-payload N]
var quick = args.Contains("--quick");
var payloadArg = Array.IndexOf(args, "--udp-payload");
var udpPayload = payloadArg >= 0 ? int.Parse(args[payloadArg + 1], System.Globalization.CultureInfo.InvariantCulture) : 1452;

using var certificate = NodeCertificate.CreateSelfSigned("bench");
var registry = new PageRegistry();
var big = new byte[64 * 1024 * 1024];
new Random(1).NextBytes(big);
var small = big.AsMemory(0, 16 * 1024 * 1024);
registry.Register(new RegionKey(1, 1), big, 65536);
registry.Register(new RegionKey(2, 1), small, 4096);

var backends = new List<(string Name, IPageTransport Transport, bool Tls)>();
if (NgQuicPageTransport.UnavailableReason is null)
{
    backends.Add(($"quic (ngtcp2, {udpPayload} B datagrams)", new NgQuicPageTransport(), true));
}
else
{
    Console.WriteLine($"quic skipped: {NgQuicPageTransport.UnavailableReason}");
}
if (!args.Contains("--quic-only"))
{
    backends.Add(("tcp + TLS 1.3", new TcpPageTransport(), true));
    backends.Add(("tcp plain", new TcpPageTransport(), false));
}

var load = File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Split(' ')[0] : "n/a";
Console.WriteLine($"loopback, {Environment.ProcessorCount} cores, load average {load} (other work on the machine skews these figures)");
Console.WriteLine($"{"backend",-34} {"MiB/s (64 KiB)",14} {"4K p50 µs",10} {"4K p99 µs",10} {"64K p50 µs",11} {"64K p99 µs",11}");
foreach (var (name, transport, tls) in backends)
{
    // As a cluster's bulk path runs: both sides present the one certificate and pin it (mutual TLS); plain TCP has no TLS to authenticate with.
    var pin = PeerTrust.Pin(certificate.Certificate);
    var serverOptions = new PageTransportOptions { Certificate = certificate, Trust = tls ? pin : null, TcpUseTls = tls, QuicMaxUdpPayload = udpPayload, QuicWindowBytes = 64 * 1024 * 1024 };
    var clientOptions = new PageTransportOptions { Certificate = certificate, Trust = pin, TcpUseTls = tls, QuicMaxUdpPayload = udpPayload, QuicWindowBytes = 64 * 1024 * 1024 };
    await using var server = await transport.StartServerAsync(new IPEndPoint(IPAddress.Loopback, 0), registry, serverOptions);
    await using var client = await transport.ConnectAsync(server.LocalEndPoint, clientOptions);

    var throughput = await ThroughputAsync(client, quick ? 256 : 1024);
    var (p50Small, p99Small) = await LatencyAsync(client, new RegionKey(2, 1), 4096, quick ? 2000 : 10000);
    var (p50Large, p99Large) = await LatencyAsync(client, new RegionKey(1, 1), 65536, quick ? 1000 : 5000);
    Console.WriteLine($"{name,-34} {throughput,14:F0} {p50Small,10:F1} {p99Small,10:F1} {p50Large,11:F1} {p99Large,11:F1}");
}

if (!args.Contains("--quic-only"))
{
    var akka = await WasmActors.Transport.Benchmarks.AkkaRemoteBaseline.RunAsync(big, quick);
    Console.WriteLine($"{"akka.remote (Ask, byte[] replies)",-34} {akka.MiBps,14:F0} {akka.P50Small,10:F1} {akka.P99Small,10:F1} {akka.P50Large,11:F1} {akka.P99Large,11:F1}");
}

static async Task<double> ThroughputAsync(IPageClient client, int mebibytes)
{
    // 16 requests of 1 MiB (16 × 64 KiB pages) in flight at a time, each into its own buffer.
    const int inFlight = 16;
    var buffers = Enumerable.Range(0, inFlight).Select(_ => new byte[1024 * 1024]).ToArray();
    await client.FetchAsync(new RegionKey(1, 1), [new PageRange(0, 16)], buffers[0]); // warm-up
    var next = -1;
    var watch = Stopwatch.StartNew();
    await Task.WhenAll(Enumerable.Range(0, inFlight).Select(async slot =>
    {
        int i;
        while ((i = Interlocked.Increment(ref next)) < mebibytes)
        {
            await client.FetchAsync(new RegionKey(1, 1), [new PageRange((uint)(i % 64 * 16), 16)], buffers[slot]);
        }
    }));
    return mebibytes / watch.Elapsed.TotalSeconds;
}

static async Task<(double P50, double P99)> LatencyAsync(IPageClient client, RegionKey region, int pageSize, int count)
{
    var buffer = new byte[pageSize];
    for (var i = 0; i < count / 10; i++)
    {
        await client.FetchAsync(region, [new PageRange((uint)(i % 256), 1)], buffer);
    }
    var samples = new double[count];
    for (var i = 0; i < count; i++)
    {
        var start = Stopwatch.GetTimestamp();
        await client.FetchAsync(region, [new PageRange((uint)(i % 256), 1)], buffer);
        samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
    }
    Array.Sort(samples);
    return (samples[count / 2], samples[(int)(count * 0.99)]);
}
