using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;
using WasmActors.Transport.Tcp;

namespace WasmActors.Transport.Tests;

/// <summary>Raw bytes against the plain-TCP server and client: bad frames must close the connection with an error, never crash or hang.</summary>
public sealed class TcpFramingTests
{
    private static readonly RegionKey Key = new(5, 1);

    [Fact(Timeout = 20_000)]
    public async Task Garbage_instead_of_Hello_closes_the_connection()
    {
        var (registry, _) = TestRegions.Single(Key, pages: 1, pageSize: 4096);
        await using var server = await new TcpPageTransport().StartServerAsync(TransportKinds.Loopback, registry, TransportKinds.ServerOptions(TransportKinds.TcpPlain));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.LocalEndPoint);

        var garbage = TestRegions.Bytes(4096, seed: 9);
        BinaryPrimitives.WriteUInt32LittleEndian(garbage, 200); // a plausible length, then nonsense
        await socket.SendAsync(garbage);
        var answer = await ReadToEndAsync(socket);

        Assert.True(answer.Length >= 16, "the server should say why before closing");
        Assert.Equal(5, answer[4]); // an Error frame
    }

    [Fact(Timeout = 20_000)]
    public async Task An_oversized_frame_closes_the_connection()
    {
        var (registry, _) = TestRegions.Single(Key, pages: 1, pageSize: 4096);
        await using var server = await new TcpPageTransport().StartServerAsync(TransportKinds.Loopback, registry, TransportKinds.ServerOptions(TransportKinds.TcpPlain));
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(server.LocalEndPoint);

        var header = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x7fff_0000);
        header[4] = 1;
        await socket.SendAsync(header);
        var answer = await ReadToEndAsync(socket);

        Assert.Equal(5, answer[4]);
    }

    [Fact(Timeout = 20_000)]
    public async Task A_server_that_answers_with_garbage_fails_the_request_with_a_protocol_error()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var fake = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            var hello = new byte[16 + 12];
            await peer.ReceiveAsync(hello);
            var ack = new byte[16 + 12];
            BinaryPrimitives.WriteUInt32LittleEndian(ack, 12 + 12);
            ack[4] = 2;
            BinaryPrimitives.WriteUInt16LittleEndian(ack.AsSpan(16), Protocol.ProtocolConstants.Version);
            await peer.SendAsync(ack);
            await peer.ReceiveAsync(new byte[256]);
            await peer.SendAsync(TestRegions.Bytes(64, seed: 3));
            await Task.Delay(5000);
        });

        await using var client = await new TcpPageTransport().ConnectAsync((IPEndPoint)listener.LocalEndPoint!, TransportKinds.ClientOptions(TransportKinds.TcpPlain));
        var failed = await Assert.ThrowsAsync<PageTransportException>(() => client.FetchAsync(Key, [new PageRange(0, 1)]));

        Assert.True(failed.Error is PageTransportError.ProtocolViolation or PageTransportError.LimitExceeded, failed.Message);
    }

    /// <summary>The shared read loop reads page bytes straight into a caller's buffer. A caller that gives up
    /// while a frame is half-way in gets its buffer back only once that read is over: here the frame stalls,
    /// so the connection is closed after the idle timeout, and the rest of the frame never lands in the buffer.</summary>
    [Fact(Timeout = 20_000)]
    public async Task A_cancelled_fetch_gets_its_buffer_back_only_when_nothing_more_is_written_to_it()
    {
        const int pageSize = 4096;
        var pages = TestRegions.Bytes(2 * pageSize, seed: 12);
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen();
        var halfSent = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var sendRest = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var fake = Task.Run(async () =>
        {
            using var peer = await listener.AcceptAsync();
            await peer.ReceiveAsync(new byte[16 + 12]);
            var ack = new byte[16 + 12];
            BinaryPrimitives.WriteUInt32LittleEndian(ack, 12 + 12);
            ack[4] = 2;
            BinaryPrimitives.WriteUInt16LittleEndian(ack.AsSpan(16), Protocol.ProtocolConstants.Version);
            BinaryPrimitives.WriteInt32LittleEndian(ack.AsSpan(20), 1 << 20);
            BinaryPrimitives.WriteInt32LittleEndian(ack.AsSpan(24), 1024);
            await peer.SendAsync(ack);
            var fetch = new byte[256];
            await peer.ReceiveAsync(fetch);
            using var frame = Protocol.PagesFrame.Create(BinaryPrimitives.ReadUInt64LittleEndian(fetch.AsSpan(8)), Key, 0, 2, pageSize, out var data);
            pages.CopyTo(data);
            Protocol.PagesFrame.Seal(frame, 2, pageSize);
            var bytes = frame.Memory.ToArray();
            await peer.SendAsync(bytes.AsMemory(0, bytes.Length - pageSize)); // all but the last page
            halfSent.SetResult();
            await sendRest.Task;
            try
            {
                // The rest of the frame, then an answer to the next fetch (TCP keeps them in this order).
                await peer.SendAsync(bytes.AsMemory(bytes.Length - pageSize));
                using var stream = new NetworkStream(peer);
                var header = new byte[16];
                do
                {
                    await stream.ReadExactlyAsync(header);
                    await stream.ReadExactlyAsync(new byte[BinaryPrimitives.ReadInt32LittleEndian(header) - 12]);
                }
                while (header[4] != 3); // skip the Cancel, up to the next Fetch
                var unknown = new PageTransportException(PageTransportError.UnknownRegion, "not here");
                using var error = Protocol.OutgoingFrame.Error(BinaryPrimitives.ReadUInt64LittleEndian(header.AsSpan(8)), Protocol.ErrorMessage.From(unknown));
                await stream.WriteAsync(error.Memory);
                _ = await stream.ReadAtLeastAsync(new byte[1], 1, throwOnEndOfStream: false); // until the client closes
            }
            catch (Exception e) when (e is SocketException or IOException)
            {
                // the client has closed the connection: what a stalled frame earns
            }
        });

        var options = TransportKinds.ClientOptions(TransportKinds.TcpPlain) with { IdleTimeout = TimeSpan.FromSeconds(1) };
        await using var client = await new TcpPageTransport().ConnectAsync((IPEndPoint)listener.LocalEndPoint!, options);
        var buffer = new byte[2 * pageSize];
        using var cancel = new CancellationTokenSource();
        var fetching = client.FetchAsync(Key, [new PageRange(0, 2)], buffer, cancel.Token);
        await halfSent.Task;
        await Task.Delay(100); // let the first page land in the buffer
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => fetching);

        Array.Fill(buffer, (byte)0xEE); // the caller owns the buffer again
        sendRest.SetResult();
        var later = await Assert.ThrowsAsync<PageTransportException>(() => client.FetchAsync(Key, [new PageRange(0, 1)]));
        await client.DisposeAsync();
        await fake;

        Assert.All(buffer, b => Assert.Equal(0xEE, b));
        Assert.Equal(PageTransportError.ConnectionClosed, later.Error); // not the fake's UnknownRegion: the stalled connection was closed
    }

    [Fact(Timeout = 20_000)]
    public async Task A_server_killed_mid_transfer_fails_open_requests_promptly()
    {
        var (registry, _) = TestRegions.Single(Key, pages: 1024, pageSize: 65536);
        var transport = new TcpPageTransport();
        var server = await transport.StartServerAsync(TransportKinds.Loopback, registry, TransportKinds.ServerOptions(TransportKinds.Tcp));
        await using var client = await transport.ConnectAsync(server.LocalEndPoint, TransportKinds.ClientOptions(TransportKinds.Tcp) with { RequestTimeout = TimeSpan.FromSeconds(5) });

        var transfers = Enumerable.Range(0, 64).Select(_ => client.FetchAsync(Key, [new PageRange(0, 1024)])).ToArray();
        ((TcpPageServer)server).Abort();
        var failed = await Assert.ThrowsAnyAsync<PageTransportException>(async () => await Task.WhenAll(transfers));

        Assert.True(failed.Error is PageTransportError.ConnectionClosed or PageTransportError.Timeout, failed.Message);
        await server.DisposeAsync();
    }

    private static async Task<byte[]> ReadToEndAsync(Socket socket)
    {
        using var received = new MemoryStream();
        var buffer = new byte[4096];
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        int got;
        while ((got = await socket.ReceiveAsync(buffer, SocketFlags.None, timeout.Token)) > 0)
        {
            received.Write(buffer, 0, got);
        }
        return received.ToArray();
    }
}
