using System.Buffers.Binary;
using System.Diagnostics;
using Akka.Actor;
using Akka.Configuration;

namespace WasmActors.Transport.Benchmarks;

/// <summary>The comparison point: pages as plain Akka.Remote replies (byte[] over the DotNetty TCP
/// transport) between two actor systems on loopback, with Ask per page.</summary>
internal static class AkkaRemoteBaseline
{
    private sealed class PageActor : ReceiveActor
    {
        public PageActor(byte[] region)
        {
            Receive<byte[]>(request =>
            {
                var page = BinaryPrimitives.ReadInt32LittleEndian(request);
                var size = BinaryPrimitives.ReadInt32LittleEndian(request.AsSpan(4));
                Sender.Tell(region.AsSpan(page % 256 * size, size).ToArray());
            });
        }
    }

    public static async Task<(double MiBps, double P50Small, double P99Small, double P50Large, double P99Large)> RunAsync(byte[] region, bool quick)
    {
        var config = ConfigurationFactory.ParseString("""
            akka.loglevel = ERROR
            akka.actor.provider = remote
            akka.remote.dot-netty.tcp.hostname = "127.0.0.1"
            akka.remote.dot-netty.tcp.port = 0
            """);
        using var server = ActorSystem.Create("pages", config);
        using var client = ActorSystem.Create("fetcher", config);
        server.ActorOf(Props.Create(() => new PageActor(region)), "region");
        var port = ((ExtendedActorSystem)server).Provider.DefaultAddress.Port;
        var remote = await client.ActorSelection($"akka.tcp://pages@127.0.0.1:{port}/user/region").ResolveOne(TimeSpan.FromSeconds(10));

        var small = await LatencyAsync(remote, 4096, quick ? 1000 : 5000);
        var large = await LatencyAsync(remote, 65536, quick ? 500 : 2000);
        var throughput = await ThroughputAsync(remote, quick ? 64 : 256);
        await CoordinatedShutdown.Get(client).Run(CoordinatedShutdown.ClrExitReason.Instance);
        await CoordinatedShutdown.Get(server).Run(CoordinatedShutdown.ClrExitReason.Instance);
        return (throughput, small.P50, small.P99, large.P50, large.P99);
    }

    private static byte[] Request(int page, int size)
    {
        var request = new byte[8];
        BinaryPrimitives.WriteInt32LittleEndian(request, page);
        BinaryPrimitives.WriteInt32LittleEndian(request.AsSpan(4), size);
        return request;
    }

    private static async Task<(double P50, double P99)> LatencyAsync(IActorRef remote, int size, int count)
    {
        for (var i = 0; i < count / 10; i++)
        {
            await remote.Ask<byte[]>(Request(i, size), TimeSpan.FromSeconds(10));
        }
        var samples = new double[count];
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            await remote.Ask<byte[]>(Request(i, size), TimeSpan.FromSeconds(10));
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMicroseconds;
        }
        Array.Sort(samples);
        return (samples[count / 2], samples[(int)(count * 0.99)]);
    }

    private static async Task<double> ThroughputAsync(IActorRef remote, int mebibytes)
    {
        // 64 KiB per message (Akka.Remote's default frame limit is 128,000 bytes), 16 in flight.
        var total = mebibytes * 16;
        var next = -1;
        var watch = Stopwatch.StartNew();
        await Task.WhenAll(Enumerable.Range(0, 16).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < total)
            {
                await remote.Ask<byte[]>(Request(i, 65536), TimeSpan.FromSeconds(30));
            }
        }));
        return mebibytes / watch.Elapsed.TotalSeconds;
    }
}
