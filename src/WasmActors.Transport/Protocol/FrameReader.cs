using System.Buffers;

namespace WasmActors.Transport.Protocol;

/// <summary>Says where the page bytes of a Pages frame go, given its header and parsed head (fixed part and
/// checksums): exactly <c>Count × PageSize</c> bytes, or empty to read them into the frame body as usual.</summary>
internal delegate Memory<byte> PagesPlacement(in FrameHeader header, in PagesFrame head);

/// <summary>Reads whole frames from a byte stream with a bound on frame size. The returned body is
/// valid until the next read.</summary>
internal sealed class FrameReader : IDisposable
{
    private readonly Stream _stream;
    private readonly int _maxFrameBytes;
    private readonly byte[] _header = new byte[ProtocolConstants.HeaderBytes];
    private byte[] _body;
    private int _bodyRead;

    public FrameReader(Stream stream, int maxFrameBytes)
    {
        _stream = stream;
        _maxFrameBytes = maxFrameBytes;
        _body = ArrayPool<byte>.Shared.Rent(64 * 1024);
    }

    public FrameHeader Header { get; private set; }

    /// <summary>The frame body; for a frame whose pages were placed (<see cref="Placed"/>), only its head.</summary>
    public ReadOnlySpan<byte> Body => _body.AsSpan(0, _bodyRead);

    /// <summary>Where the last frame's page bytes were read to, when a <see cref="PagesPlacement"/> named a place; else empty.</summary>
    public Memory<byte> Placed { get; private set; }

    /// <summary>Reads the next frame; false at a clean end of stream between frames.</summary>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken) => ReadAsync(null, cancellationToken);

    /// <summary>Reads the next frame. The page bytes of a Pages frame go where <paramref name="placement"/> says,
    /// straight from the stream (one copy fewer than through the body); false at a clean end of stream between frames.</summary>
    public async ValueTask<bool> ReadAsync(PagesPlacement? placement, CancellationToken cancellationToken)
    {
        Placed = Memory<byte>.Empty;
        _bodyRead = 0;
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
        if (placement is not null && Header.Type == FrameType.Pages && Header.BodyLength >= ProtocolConstants.PagesFixedBytes)
        {
            await FillAsync(ProtocolConstants.PagesFixedBytes, cancellationToken).ConfigureAwait(false);
            var headBytes = PagesFrame.HeadBytes(_body, Header.BodyLength);
            if (headBytes > 0)
            {
                await FillAsync(headBytes, cancellationToken).ConfigureAwait(false);
                var target = Place(placement);
                if (!target.IsEmpty)
                {
                    await ReadExactlyAsync(target, cancellationToken).ConfigureAwait(false);
                    Placed = target;
                    return true;
                }
            }
        }
        await FillAsync(Header.BodyLength, cancellationToken).ConfigureAwait(false);
        return true;
    }

    private Memory<byte> Place(PagesPlacement placement)
    {
        var head = PagesFrame.ReadHead(Body, Header.BodyLength);
        var target = placement(Header, head);
        return target.Length == Header.BodyLength - _bodyRead ? target : Memory<byte>.Empty;
    }

    /// <summary>Reads the body up to <paramref name="length"/> bytes.</summary>
    private async ValueTask FillAsync(int length, CancellationToken cancellationToken)
    {
        if (length > _bodyRead)
        {
            await ReadExactlyAsync(_body.AsMemory(_bodyRead, length - _bodyRead), cancellationToken).ConfigureAwait(false);
            _bodyRead = length;
        }
    }

    private async ValueTask ReadExactlyAsync(Memory<byte> target, CancellationToken cancellationToken)
    {
        var got = await _stream.ReadAtLeastAsync(target, target.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (got < target.Length)
        {
            throw new PageTransportException(PageTransportError.ConnectionClosed, "stream ended inside a frame body");
        }
    }

    public void Dispose()
    {
        ArrayPool<byte>.Shared.Return(_body);
        _body = [];
    }
}
