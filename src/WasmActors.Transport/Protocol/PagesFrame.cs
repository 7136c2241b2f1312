using System.Buffers.Binary;

namespace WasmActors.Transport.Protocol;

/// <summary>A run of pages with one xxHash3 (64-bit) per page; the body is
/// region, version, first page, count, page size, reserved, count × checksum, count × page bytes.</summary>
internal readonly ref struct PagesFrame
{
    private readonly ReadOnlySpan<byte> _body;

    private PagesFrame(ReadOnlySpan<byte> body, RegionKey region, uint firstPage, int count, int pageSize)
    {
        _body = body;
        Region = region;
        FirstPage = firstPage;
        Count = count;
        PageSize = pageSize;
    }

    public RegionKey Region { get; }
    public uint FirstPage { get; }
    public int Count { get; }
    public int PageSize { get; }

    public ReadOnlySpan<byte> Data => _body[(ProtocolConstants.PagesFixedBytes + (8 * Count))..];

    /// <summary>How many pages of <paramref name="pageSize"/> fit one frame under <paramref name="maxFrameBytes"/>.</summary>
    public static int PagesPerFrame(int pageSize, int maxFrameBytes)
        => Math.Max(1, (maxFrameBytes - ProtocolConstants.HeaderBytes - ProtocolConstants.PagesFixedBytes) / (pageSize + 8));

    public static int BodyBytes(int count, int pageSize) => ProtocolConstants.PagesFixedBytes + (count * (8 + pageSize));

    /// <summary>Creates a Pages frame and hands back the span the pages must be read into; call
    /// <see cref="Seal"/> once they are there to fill in the checksums.</summary>
    public static OutgoingFrame Create(ulong requestId, RegionKey region, uint firstPage, int count, int pageSize, out Span<byte> pageData)
    {
        var frame = OutgoingFrame.Create(FrameType.Pages, requestId, BodyBytes(count, pageSize), out var body);
        BinaryPrimitives.WriteUInt64LittleEndian(body, region.RegionId);
        BinaryPrimitives.WriteUInt64LittleEndian(body[8..], region.Version);
        BinaryPrimitives.WriteUInt32LittleEndian(body[16..], firstPage);
        BinaryPrimitives.WriteInt32LittleEndian(body[20..], count);
        BinaryPrimitives.WriteInt32LittleEndian(body[24..], pageSize);
        BinaryPrimitives.WriteUInt32LittleEndian(body[28..], 0);
        pageData = body[(ProtocolConstants.PagesFixedBytes + (8 * count))..];
        return frame;
    }

    /// <summary>Writes the per-page checksums of a frame made by <see cref="Create"/>.</summary>
    public static void Seal(OutgoingFrame frame, int count, int pageSize)
    {
        var body = System.Runtime.InteropServices.MemoryMarshal.AsMemory(frame.Memory).Span[ProtocolConstants.HeaderBytes..];
        var sums = body.Slice(ProtocolConstants.PagesFixedBytes, 8 * count);
        var data = body[(ProtocolConstants.PagesFixedBytes + (8 * count))..];
        for (var i = 0; i < count; i++)
        {
            BinaryPrimitives.WriteUInt64LittleEndian(sums[(8 * i)..], PageChecksum.Of(data.Slice(i * pageSize, pageSize)));
        }
    }

    /// <summary>Parses the fixed part and checks that the body length matches count and page size.</summary>
    public static PagesFrame Read(ReadOnlySpan<byte> body) => Parse(body, body.Length, withData: true);

    /// <summary>Parses a frame whose page bytes are read elsewhere (straight into their destination):
    /// <paramref name="head"/> is the fixed part and the checksums of a body of <paramref name="bodyLength"/> bytes.</summary>
    public static PagesFrame ReadHead(ReadOnlySpan<byte> head, int bodyLength) => Parse(head, bodyLength, withData: false);

    /// <summary>The bytes of the fixed part and checksums of a Pages body, or -1 when the fixed part
    /// (at least <see cref="ProtocolConstants.PagesFixedBytes"/> bytes) does not describe a valid frame.</summary>
    public static int HeadBytes(ReadOnlySpan<byte> fixedPart, int bodyLength)
    {
        var count = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[20..]);
        var pageSize = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[24..]);
        return count > 0 && pageSize > 0 && (long)count * (8 + pageSize) + ProtocolConstants.PagesFixedBytes == bodyLength
            ? ProtocolConstants.PagesFixedBytes + (8 * count)
            : -1;
    }

    private static PagesFrame Parse(ReadOnlySpan<byte> bytes, int bodyLength, bool withData)
    {
        if (bytes.Length < ProtocolConstants.PagesFixedBytes)
        {
            throw HelloMessage.Violation("Pages frame too short");
        }
        var count = BinaryPrimitives.ReadInt32LittleEndian(bytes[20..]);
        var pageSize = BinaryPrimitives.ReadInt32LittleEndian(bytes[24..]);
        if (count <= 0 || pageSize <= 0 || BinaryPrimitives.ReadUInt32LittleEndian(bytes[28..]) != 0
            || (long)count * (8 + pageSize) + ProtocolConstants.PagesFixedBytes != bodyLength
            || bytes.Length != (withData ? bodyLength : ProtocolConstants.PagesFixedBytes + (8 * count)))
        {
            throw HelloMessage.Violation("Pages frame length does not match its count and page size");
        }
        var region = new RegionKey(BinaryPrimitives.ReadUInt64LittleEndian(bytes), BinaryPrimitives.ReadUInt64LittleEndian(bytes[8..]));
        return new PagesFrame(bytes, region, BinaryPrimitives.ReadUInt32LittleEndian(bytes[16..]), count, pageSize);
    }

    /// <summary>Copies the pages to <paramref name="destination"/> and verifies each checksum.</summary>
    public void CopyVerified(Span<byte> destination)
    {
        var data = Data;
        Verify(data);
        data.CopyTo(destination);
    }

    /// <summary>Checks <paramref name="pages"/> (this frame's page bytes, wherever they were read to) against its checksums.</summary>
    public void Verify(ReadOnlySpan<byte> pages)
    {
        var sums = _body.Slice(ProtocolConstants.PagesFixedBytes, 8 * Count);
        for (var i = 0; i < Count; i++)
        {
            var page = pages.Slice(i * PageSize, PageSize);
            if (PageChecksum.Of(page) != BinaryPrimitives.ReadUInt64LittleEndian(sums[(8 * i)..]))
            {
                throw new PageTransportException(PageTransportError.ChecksumMismatch, $"page {FirstPage + (uint)i} of {Region} failed its xxHash3 check");
            }
        }
    }
}
