using System.Buffers.Binary;
using System.Text;

namespace WasmActors.Transport.Protocol;

/// <summary>First frame of a connection from the client: protocol version and the client's frame limit. Who the
/// client is was settled by the TLS handshake (mutual TLS), so Hello carries no credential.</summary>
internal sealed record HelloMessage(ushort Version, int MaxFrameBytes)
{
    public const int BodyBytes = 4 + 2 + 2 + 4;

    public void Write(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt32LittleEndian(body, ProtocolConstants.HelloMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(body[4..], Version);
        BinaryPrimitives.WriteUInt16LittleEndian(body[6..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(body[8..], MaxFrameBytes);
    }

    public static HelloMessage Read(ReadOnlySpan<byte> body)
    {
        // Another version's Hello may have another length: read its version so the server can name it.
        if (body.Length < BodyBytes || BinaryPrimitives.ReadUInt32LittleEndian(body) != ProtocolConstants.HelloMagic)
        {
            throw Violation("malformed Hello");
        }
        var version = BinaryPrimitives.ReadUInt16LittleEndian(body[4..]);
        if (version == ProtocolConstants.Version && body.Length != BodyBytes)
        {
            throw Violation("malformed Hello");
        }
        var max = BinaryPrimitives.ReadInt32LittleEndian(body[8..]);
        if (max < ProtocolConstants.MinMaxFrameBytes)
        {
            throw Violation($"peer frame limit {max} is below the protocol minimum");
        }
        return new HelloMessage(version, max);
    }

    internal static PageTransportException Violation(string message) => new(PageTransportError.ProtocolViolation, message);
}

/// <summary>The server's answer to Hello: its version and limits.</summary>
internal sealed record HelloAckMessage(ushort Version, int MaxFrameBytes, int MaxPagesPerRequest)
{
    public const int BodyBytes = 2 + 2 + 4 + 4;

    public void Write(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(body, Version);
        BinaryPrimitives.WriteUInt16LittleEndian(body[2..], 0);
        BinaryPrimitives.WriteInt32LittleEndian(body[4..], MaxFrameBytes);
        BinaryPrimitives.WriteInt32LittleEndian(body[8..], MaxPagesPerRequest);
    }

    public static HelloAckMessage Read(ReadOnlySpan<byte> body)
    {
        if (body.Length != BodyBytes)
        {
            throw HelloMessage.Violation("malformed HelloAck");
        }
        return new HelloAckMessage(
            BinaryPrimitives.ReadUInt16LittleEndian(body),
            BinaryPrimitives.ReadInt32LittleEndian(body[4..]),
            BinaryPrimitives.ReadInt32LittleEndian(body[8..]));
    }
}

/// <summary>A request for the pages of one region version, in the order of its ranges.</summary>
internal sealed record FetchMessage(RegionKey Region, FetchMode Mode, PageRange[] Ranges)
{
    public int BodyBytes => ProtocolConstants.FetchFixedBytes + (8 * Ranges.Length);

    public void Write(Span<byte> body)
    {
        BinaryPrimitives.WriteUInt64LittleEndian(body, Region.RegionId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], Region.Version);
        body[16] = (byte)Mode;
        body[17] = body[18] = body[19] = 0;
        BinaryPrimitives.WriteInt32LittleEndian(body[20..], Ranges.Length);
        var at = ProtocolConstants.FetchFixedBytes;
        foreach (var range in Ranges)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(body[at..], range.FirstPage);
            BinaryPrimitives.WriteUInt32LittleEndian(body[(at + 4)..], range.Count);
            at += 8;
        }
    }

    public static FetchMessage Read(ReadOnlySpan<byte> body, int maxRanges)
    {
        if (body.Length < ProtocolConstants.FetchFixedBytes)
        {
            throw HelloMessage.Violation("Fetch frame too short");
        }
        var mode = (FetchMode)body[16];
        if (mode is not (FetchMode.Fetch or FetchMode.Push) || body[17] != 0 || body[18] != 0 || body[19] != 0)
        {
            throw HelloMessage.Violation("Fetch frame has an unknown mode or reserved bits set");
        }
        var count = BinaryPrimitives.ReadInt32LittleEndian(body[20..]);
        if (count < 1 || count > maxRanges)
        {
            throw new PageTransportException(PageTransportError.LimitExceeded, $"Fetch with {count} ranges (limit {maxRanges})");
        }
        if (body.Length != ProtocolConstants.FetchFixedBytes + (8 * count))
        {
            throw HelloMessage.Violation("Fetch frame length does not match its range count");
        }
        var ranges = new PageRange[count];
        var at = ProtocolConstants.FetchFixedBytes;
        for (var i = 0; i < count; i++, at += 8)
        {
            ranges[i] = new PageRange(BinaryPrimitives.ReadUInt32LittleEndian(body[at..]), BinaryPrimitives.ReadUInt32LittleEndian(body[(at + 4)..]));
        }
        var region = new RegionKey(BinaryPrimitives.ReadUInt64LittleEndian(body), BinaryPrimitives.ReadUInt64LittleEndian(body[8..]));
        return new FetchMessage(region, mode, ranges);
    }
}

/// <summary>A request-level (request id ≠ 0) or connection-level (request id 0) failure.</summary>
internal sealed record ErrorMessage(WireErrorCode Code, string Message)
{
    public byte[] Encode()
    {
        var text = Encoding.UTF8.GetBytes(Message);
        var length = Math.Min(text.Length, ProtocolConstants.MaxErrorMessageBytes);
        var body = new byte[8 + length];
        BinaryPrimitives.WriteUInt32LittleEndian(body, (uint)Code);
        BinaryPrimitives.WriteUInt16LittleEndian(body.AsSpan(4), (ushort)length);
        text.AsSpan(0, length).CopyTo(body.AsSpan(8));
        return body;
    }

    public static ErrorMessage Read(ReadOnlySpan<byte> body)
    {
        if (body.Length < 8)
        {
            throw HelloMessage.Violation("Error frame too short");
        }
        var length = BinaryPrimitives.ReadUInt16LittleEndian(body[4..]);
        if (length > ProtocolConstants.MaxErrorMessageBytes || body.Length != 8 + length)
        {
            throw HelloMessage.Violation("Error frame length does not match its message");
        }
        return new ErrorMessage((WireErrorCode)BinaryPrimitives.ReadUInt32LittleEndian(body), Encoding.UTF8.GetString(body.Slice(8, length)));
    }

    public PageTransportException ToException() => new(Code switch
    {
        WireErrorCode.UnknownRegion => PageTransportError.UnknownRegion,
        WireErrorCode.PageOutOfRange => PageTransportError.PageOutOfRange,
        WireErrorCode.LimitExceeded => PageTransportError.LimitExceeded,
        WireErrorCode.Unauthenticated => PageTransportError.Unauthenticated,
        WireErrorCode.ProtocolViolation => PageTransportError.ProtocolViolation,
        _ => PageTransportError.ServerFailure,
    }, "server: " + Message);

    public static ErrorMessage From(PageTransportException e) => new(e.Error switch
    {
        PageTransportError.UnknownRegion => WireErrorCode.UnknownRegion,
        PageTransportError.PageOutOfRange => WireErrorCode.PageOutOfRange,
        PageTransportError.LimitExceeded => WireErrorCode.LimitExceeded,
        PageTransportError.Unauthenticated => WireErrorCode.Unauthenticated,
        PageTransportError.ProtocolViolation => WireErrorCode.ProtocolViolation,
        _ => WireErrorCode.ServerFailure,
    }, e.Message);
}
