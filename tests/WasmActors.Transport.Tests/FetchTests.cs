using System.IO.Hashing;
using WasmActors.Transport.Server;

namespace WasmActors.Transport.Tests;

/// <summary>The fetch contract, run against every backend available here.</summary>
public sealed class FetchTests
{
    private static readonly RegionKey Key = new(7, 3);

    public static TheoryData<string> Kinds => TransportKindData.Available();

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task Fetch_returns_the_requested_pages_in_range_order(string kind)
    {
        var (registry, bytes) = TestRegions.Single(Key, pages: 64, pageSize: 4096);
        await using var pair = await TransportKinds.StartAsync(kind, registry);
        PageRange[] ranges = [new(10, 3), new(0, 1), new(63, 1), new(20, 30)];

        var result = await pair.Client.FetchAsync(Key, ranges);

        Assert.Equal(4096, result.PageSize);
        Assert.Equal(35, result.PageCount);
        Assert.Equal(TestRegions.Expected(bytes, 4096, ranges), result.Data.ToArray());
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task Fetch_into_a_caller_buffer_fills_it_exactly(string kind)
    {
        var (registry, bytes) = TestRegions.Single(Key, pages: 8, pageSize: 65536);
        await using var pair = await TransportKinds.StartAsync(kind, registry);
        var destination = new byte[3 * 65536];

        var pageSize = await pair.Client.FetchAsync(Key, [new PageRange(5, 3)], destination);

        Assert.Equal(65536, pageSize);
        Assert.Equal(bytes.AsSpan(5 * 65536, 3 * 65536).ToArray(), destination);
    }

    [Theory(Timeout = 90_000)]
    [MemberData(nameof(Kinds))]
    public async Task Transfers_of_256_MiB_arrive_intact(string kind)
    {
        const int pageSize = 65536;
        const int regionPages = 1024; // 64 MiB, fetched four times over in pipelined 8 MiB requests
        var (registry, bytes) = TestRegions.Single(Key, regionPages, pageSize, seed: 42);
        var regionHash = XxHash128.Hash(bytes);
        await using var pair = await TransportKinds.StartAsync(kind, registry);

        long transferred = 0;
        for (var pass = 0; pass < 4; pass++)
        {
            var buffer = new byte[bytes.Length];
            var requests = Enumerable.Range(0, regionPages / 128).Select(i =>
                pair.Client.FetchAsync(Key, [new PageRange((uint)(i * 128), 128)], buffer.AsMemory(i * 128 * pageSize, 128 * pageSize)));
            await Task.WhenAll(requests);
            Assert.Equal(regionHash, XxHash128.Hash(buffer));
            transferred += buffer.Length;
        }
        Assert.True(transferred >= 256L * 1024 * 1024);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Kinds))]
    public async Task Ten_thousand_requests_share_one_connection(string kind)
    {
        var (registry, bytes) = TestRegions.Single(Key, pages: 256, pageSize: 4096);
        await using var pair = await TransportKinds.StartAsync(kind, registry);
        var mismatches = 0;
        var next = -1;

        async Task Worker()
        {
            var buffer = new byte[4096];
            int i;
            while ((i = Interlocked.Increment(ref next)) < 10_000)
            {
                var page = (uint)(i * 31 % 256);
                await pair.Client.FetchAsync(Key, [new PageRange(page, 1)], buffer);
                if (!buffer.AsSpan().SequenceEqual(bytes.AsSpan((int)page * 4096, 4096)))
                {
                    Interlocked.Increment(ref mismatches);
                }
            }
        }

        await Task.WhenAll(Enumerable.Range(0, 32).Select(_ => Task.Run(Worker)));
        Assert.Equal(0, mismatches);
        Assert.True(Volatile.Read(ref next) >= 10_000);
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Kinds))]
    public async Task Concurrent_clients_each_get_their_own_pages(string kind)
    {
        var registry = new PageRegistry();
        var regions = Enumerable.Range(0, 4).Select(i =>
        {
            var bytes = TestRegions.Bytes(128 * 16384, seed: 100 + i);
            registry.Register(new RegionKey((ulong)i, 1), bytes, 16384);
            return bytes;
        }).ToArray();
        var transport = TransportKinds.Create(kind);
        await using var server = await transport.StartServerAsync(TransportKinds.Loopback, registry, TransportKinds.ServerOptions(kind));

        async Task<bool> Client(int n)
        {
            await using var client = await transport.ConnectAsync(server.LocalEndPoint, TransportKinds.ClientOptions(kind));
            var region = n % regions.Length;
            for (var i = 0; i < 50; i++)
            {
                var first = (uint)((n * 7 + i) % 120);
                var got = await client.FetchAsync(new RegionKey((ulong)region, 1), [new PageRange(first, 8)]);
                if (!got.Data.Span.SequenceEqual(regions[region].AsSpan((int)first * 16384, 8 * 16384)))
                {
                    return false;
                }
            }
            return true;
        }

        var results = await Task.WhenAll(Enumerable.Range(0, 8).Select(Client));
        Assert.All(results, Assert.True);
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task Push_stream_delivers_every_page_in_order(string kind)
    {
        var (registry, bytes) = TestRegions.Single(Key, pages: 300, pageSize: 4096);
        await using var pair = await TransportKinds.StartAsync(kind, registry);
        PageRange[] ranges = [new(0, 100), new(200, 100)];

        using var received = new MemoryStream();
        await foreach (var chunk in pair.Client.PushAsync(Key, ranges))
        {
            received.Write(chunk.Data.Span);
        }

        Assert.Equal(TestRegions.Expected(bytes, 4096, ranges), received.ToArray());
    }

    [Theory(Timeout = 30_000)]
    [MemberData(nameof(Kinds))]
    public async Task Stopping_a_push_early_leaves_the_connection_usable(string kind)
    {
        var (registry, bytes) = TestRegions.Single(Key, pages: 4096, pageSize: 4096);
        await using var pair = await TransportKinds.StartAsync(kind, registry);

        var chunks = 0;
        await foreach (var chunk in pair.Client.PushAsync(Key, [new PageRange(0, 4096)]))
        {
            if (++chunks == 2)
            {
                break;
            }
        }
        var after = await pair.Client.FetchAsync(Key, [new PageRange(9, 1)]);

        Assert.Equal(2, chunks);
        Assert.Equal(bytes.AsSpan(9 * 4096, 4096).ToArray(), after.Data.ToArray());
    }

    [Theory(Timeout = 60_000)]
    [MemberData(nameof(Kinds))]
    public async Task A_push_consumer_that_pauses_is_held_back_or_told_it_fell_behind(string kind)
    {
        const int pageSize = 60 * 1024; // one page per frame at the smallest frame limit
        var (registry, bytes) = TestRegions.Single(Key, pages: 400, pageSize);
        await using var pair = await TransportKinds.StartAsync(kind, registry, client: o => o with { MaxFrameBytes = Protocol.ProtocolConstants.MinMaxFrameBytes });

        using var received = new MemoryStream();
        PageTransportException? fellBehind = null;
        await using (var pages = pair.Client.PushAsync(Key, [new PageRange(0, 400)]).GetAsyncEnumerator())
        {
            Assert.True(await pages.MoveNextAsync());
            received.Write(pages.Current.Data.Span);
            await Task.Delay(500); // the consumer stalls while up to 400 one-page chunks are pushed
            try
            {
                while (await pages.MoveNextAsync())
                {
                    received.Write(pages.Current.Data.Span);
                }
            }
            catch (PageTransportException e)
            {
                fellBehind = e;
            }
        }

        if (kind == TransportKinds.Quic)
        {
            // One stream per request: flow control holds the server back, nothing is lost.
            Assert.Null(fellBehind);
        }
        if (fellBehind is null)
        {
            Assert.Equal(bytes, received.ToArray());
        }
        else
        {
            // A shared TCP connection cannot wait for one consumer: the push fails, typed and bounded.
            Assert.Equal(PageTransportError.LimitExceeded, fellBehind.Error);
        }
    }
}
