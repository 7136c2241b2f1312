using System.Buffers;

namespace WasmActors.Transport.Protocol;

/// <summary>Reads whole frames from a byte stream with a bound on frame size. The returned body is
/// valid until the next read.</summary>
internal sealed class FrameReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxFrameBytes;
    private readonly byte[] _header = new byte[ProtocolConstants.HeaderBytes];
    private byte[] _body;

    public FrameReader(Stream stream, int maxFrameBytes)
    {
        _stream = stream;
        _maxFrameBytes = maxFrameBytes;
        _body = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    public FrameHeader Header { get; private set; }

    public ReadOnlySpan<byte> Body => _body.AsSpan(0, Header.BodyLength);

    /// <summary>Reads the next frame; false at a clean end of stream between frames.</summary>
    public async ValueTask<bool> ReadAsync(CancellationToken cancellationToken)
    {
        var got = await _stream.ReadAtLeastAsync(_header, _header.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got == 0)
        {
            return false;
        }
        if (got < _header.Length)
        {
            throw new PageTransportException(PageTransportError.ConnectionClosed, "stream ended inside a frame header");
        }
        Header = FrameHeader.Read(_header, _maxFrameBytes);
        if (Header.BodyLength > _body.Length)
        {
            ArrayPool<byte>.Shared.Return(_body);
            _body = ArrayPool<byte>.Shared.Rent(Header.BodyLength);
        }
        if (Header.BodyLength > 0)
        {
            got = await _stream.ReadAtLeastAsync(_body.AsMemory(0, Header.BodyLength), Header.BodyLength, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
            if (got < Header.BodyLength)
            {
                throw new PageTransportException(PageTransportError.ConnectionClosed, "stream ended inside a frame body");
            }
        }
        return true;
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_body);
        _body = [];
    }
}
