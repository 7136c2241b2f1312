using System.Buffers.Binary;

namespace WasmActors.Transport.Protocol;

/// <summary>The 16-byte header every frame starts with. <see cref="BodyLength"/> counts the bytes after it.</summary>
internal readonly record struct FrameHeader(FrameType Type, ulong RequestId, int BodyLength)
{
    public static void Write(Span<byte> destination, FrameType type, ulong requestId, int bodyLength)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(destination, (uint)(ProtocolConstants.HeaderBytes - ProtocolConstants.LengthFieldBytes + bodyLength));
        destination[4] = (byte)type;
        destination[5] = 0;
        BinaryPrimitives.WriteUInt16LittleEndian(destination[6..], 0);
        BinaryPrimitives.WriteUInt64LittleEndian(destination[8..], requestId);
    }

    /// <summary>Decodes and bounds-checks a header; a bad header is fatal for the connection.</summary>
    public static FrameHeader Read(ReadOnlySpan<byte> source, int maxFrameBytes)
    {
        var length = BinaryPrimitives.ReadUInt32LittleEndian(source);
        const int minLength = ProtocolConstants.HeaderBytes - ProtocolConstants.LengthFieldBytes;
        if (length < minLength)
        {
            throw new PageTransportException(PageTransportError.ProtocolViolation, $"frame length {length} is shorter than a header");
        }
        if (length > (uint)maxFrameBytes)
        {
            throw new PageTransportException(PageTransportError.LimitExceeded, $"frame of {length} bytes exceeds the limit of {maxFrameBytes}");
        }
        var type = (FrameType)source[4];
        if (type is < FrameType.Hello or > FrameType.Cancel)
        {
            throw new PageTransportException(PageTransportError.ProtocolViolation, $"unknown frame type {source[4]}");
        }
        if (source[5] != 0 || BinaryPrimitives.ReadUInt16LittleEndian(source[6..]) != 0)
        {
            throw new PageTransportException(PageTransportError.ProtocolViolation, "reserved header bits are set");
        }
        return new FrameHeader(type, BinaryPrimitives.ReadUInt64LittleEndian(source[8..]), (int)length - minLength);
    }
}
