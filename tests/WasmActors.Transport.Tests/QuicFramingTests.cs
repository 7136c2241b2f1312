using System.Buffers.Binary;
using WasmActors.Transport.Ngtcp2;
using WasmActors.Transport.Protocol;

namespace WasmActors.Transport.Tests;

/// <summary>Raw streams against the ngtcp2 server: bad frames get an Error frame and close the whole connection.</summary>
public sealed class QuicFramingTests
{
    private static readonly RegionKey Key = new(9, 1);

    [Fact(Timeout = 20_000)]
    public async Task Garbage_instead_of_Hello_is_answered_with_an_error_and_the_connection_closes()
    {
        var (registry, _) = TestRegions.Single(Key, pages: 1, pageSize: 4096);
        await using var server = await new NgQuicPageTransport().StartServerAsync(TransportKinds.Loopback, registry, TransportKinds.ServerOptions(TransportKinds.Quic));
        var (endpoint, connection) = await NgQuicPageTransport.ConnectQuicAsync(server.LocalEndPoint, TransportKinds.ClientOptions(TransportKinds.Quic), CancellationToken.None);
        using var _ = endpoint;

        var garbage = TestRegions.Bytes(300, seed: 5);
        BinaryPrimitives.WriteUInt32LittleEndian(garbage, 100);
        await using var stream = await connection.OpenStreamAsync(garbage, completeWrites: true, CancellationToken.None);
        var answer = await ReadFirstFrameTypeAsync(stream.Stream);
        var closed = await WaitUntilClosedAsync(connection);

        Assert.Equal(FrameType.Error, answer);
        Assert.NotNull(closed);
    }

    [Fact(Timeout = 20_000)]
    public async Task An_oversized_frame_on_a_request_stream_closes_the_connection()
    {
        var (registry, _) = TestRegions.Single(Key, pages: 1, pageSize: 4096);
        await using var server = await new NgQuicPageTransport().StartServerAsync(TransportKinds.Loopback, registry, TransportKinds.ServerOptions(TransportKinds.Quic));
        var options = TransportKinds.ClientOptions(TransportKinds.Quic);
        var (endpoint, connection) = await NgQuicPageTransport.ConnectQuicAsync(server.LocalEndPoint, options, CancellationToken.None);
        using var _ = endpoint;
        using (var hello = OutgoingFrame.Hello(new HelloMessage(ProtocolConstants.Version, options.MaxFrameBytes)))
        {
            await using var helloStream = await connection.OpenStreamAsync(hello.Memory, completeWrites: true, CancellationToken.None);
            Assert.Equal(FrameType.HelloAck, await ReadFirstFrameTypeAsync(helloStream.Stream));
        }

        var header = new byte[16];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x7fff_fff0);
        header[4] = (byte)FrameType.Fetch;
        await using var request = await connection.OpenStreamAsync(header, completeWrites: true, CancellationToken.None);
        var answer = await ReadFirstFrameTypeAsync(request.Stream);
        var closed = await WaitUntilClosedAsync(connection);

        Assert.Equal(FrameType.Error, answer);
        Assert.NotNull(closed);
    }

    private static async Task<FrameType> ReadFirstFrameTypeAsync(Stream stream)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var header = new byte[16];
        await stream.ReadExactlyAsync(header, timeout.Token);
        return (FrameType)header[4];
    }

    /// <summary>Polls (bounded) until the server's close reaches the client.</summary>
    private static async Task<PageTransportException?> WaitUntilClosedAsync(NgQuicConnection connection)
    {
        for (var i = 0; i < 200 && connection.CloseError is null; i++)
        {
            await Task.Delay(25);
        }
        return connection.CloseError;
    }
}
