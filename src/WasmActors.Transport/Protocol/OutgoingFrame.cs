using System.Buffers;

namespace WasmActors.Transport.Protocol;

/// <summary>One encoded frame in a pooled buffer; the writer returns it to the pool after sending.</summary>
internal sealed class OutgoingFrame : IDisposable
{
    private byte[]? _buffer;

    private OutgoingFrame(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => (_buffer ?? throw new ObjectDisposedException(nameof(OutgoingFrame))).AsMemory(0, Length);

    /// <summary>Rents a frame of <paramref name="bodyLength"/> body bytes with its header already written.</summary>
    public static OutgoingFrame Create(FrameType type, ulong requestId, int bodyLength, out Span<byte> body)
    {
        var length = ProtocolConstants.HeaderBytes + bodyLength;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        FrameHeader.Write(buffer, type, requestId, bodyLength);
        body = buffer.AsSpan(ProtocolConstants.HeaderBytes, bodyLength);
        return new OutgoingFrame(buffer, length);
    }

    public static OutgoingFrame Hello(HelloMessage hello)
    {
        var frame = Create(FrameType.Hello, 0, HelloMessage.BodyBytes, out var body);
        hello.Write(body);
        return frame;
    }

    public static OutgoingFrame HelloAck(HelloAckMessage ack)
    {
        var frame = Create(FrameType.HelloAck, 0, HelloAckMessage.BodyBytes, out var body);
        ack.Write(body);
        return frame;
    }

    public static OutgoingFrame Fetch(ulong requestId, FetchMessage fetch)
    {
        var frame = Create(FrameType.Fetch, requestId, fetch.BodyBytes, out var body);
        fetch.Write(body);
        return frame;
    }

    public static OutgoingFrame Error(ulong requestId, ErrorMessage error)
    {
        var bytes = error.Encode();
        var frame = Create(FrameType.Error, requestId, bytes.Length, out var body);
        bytes.CopyTo(body);
        return frame;
    }

    public static OutgoingFrame Cancel(ulong requestId) => Create(FrameType.Cancel, requestId, 0, out _);

    public void Dispose()
    {
        var buffer = Interlocked.Exchange(ref _buffer, null);
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
