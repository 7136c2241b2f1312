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
            var hello = new byte[16 + 44];
            await peer.ReceiveAsync(hello);
            var ack = new byte[16 + 12];
            BinaryPrimitives.WriteUInt32LittleEndian(ack, 12 + 12);
            ack[4] = 2;
            BinaryPrimitives.WriteUInt16LittleEndian(ack.AsSpan(16), 1);
            await peer.SendAsync(ack);
            await peer.ReceiveAsync(new byte[256]);
            await peer.SendAsync(TestRegions.Bytes(64, seed: 3));
            await Task.Delay(5000);
        });

        await using var client = await new TcpPageTransport().ConnectAsync((IPEndPoint)listener.LocalEndPoint!, TransportKinds.ClientOptions(TransportKinds.TcpPlain));
        var failed = await Assert.ThrowsAsync<PageTransportException>(() => client.FetchAsync(Key, [new PageRange(0, 1)]));

        Assert.True(failed.Error is PageTransportError.ProtocolViolation or PageTransportError.LimitExceeded, failed.Message);
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
