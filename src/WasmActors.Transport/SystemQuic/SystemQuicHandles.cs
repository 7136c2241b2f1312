using System.Net.Quic;
using System.Runtime.Versioning;
using WasmActors.Transport.Quic;

namespace WasmActors.Transport.SystemQuic;

[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
[SupportedOSPlatform("windows")]
internal sealed class SystemQuicStreamHandle(QuicStream stream) : IQuicStreamHandle
{
    public Stream Stream => stream;

    public ValueTask WriteAsync(ReadOnlyMemory<byte> data, bool completeWrites, CancellationToken cancellationToken)
        => stream.WriteAsync(data, completeWrites, cancellationToken);

    public void CompleteWrites() => stream.CompleteWrites();

    public void Abort() => stream.Abort(QuicAbortDirection.Both, SystemQuicPageTransport.AbortCode);

    public ValueTask DisposeAsync() => stream.DisposeAsync();
}

[SupportedOSPlatform("linux")]
[SupportedOSPlatform("macos")]
[SupportedOSPlatform("windows")]
internal sealed class SystemQuicConnectionHandle(QuicConnection connection) : IQuicConnectionHandle
{
    private volatile PageTransportException? _closeError;

    public PageTransportException? CloseError => _closeError;

    public async ValueTask<IQuicStreamHandle> OpenStreamAsync(ReadOnlyMemory<byte> firstWrite, bool completeWrites, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await connection.OpenOutboundStreamAsync(QuicStreamType.Bidirectional, cancellationToken).ConfigureAwait(false);
            await stream.WriteAsync(firstWrite, completeWrites, cancellationToken).ConfigureAwait(false);
            return new SystemQuicStreamHandle(stream);
        }
        catch (QuicException e)
        {
            throw Closed(e);
        }
    }

    public async ValueTask<IQuicStreamHandle?> AcceptStreamAsync(CancellationToken cancellationToken)
    {
        try
        {
            return new SystemQuicStreamHandle(await connection.AcceptInboundStreamAsync(cancellationToken).ConfigureAwait(false));
        }
        catch (QuicException e)
        {
            Closed(e);
            return null;
        }
    }

    private PageTransportException Closed(QuicException e)
    {
        var error = e.QuicError switch
        {
            QuicError.ConnectionIdle or QuicError.ConnectionTimeout => PageTransportError.Timeout,
            QuicError.ConnectionRefused => PageTransportError.ConnectFailed,
            _ => PageTransportError.ConnectionClosed,
        };
        return _closeError ??= new PageTransportException(error, $"QUIC connection to {connection.RemoteEndPoint}: {e.Message}", e);
    }

    public void Close() => _ = CloseAsync();

    private async Task CloseAsync()
    {
        try
        {
            await connection.CloseAsync(0).ConfigureAwait(false);
        }
        catch (Exception e) when (e is QuicException or ObjectDisposedException)
        {
        }
    }

    public ValueTask DisposeAsync() => connection.DisposeAsync();
}
