using WasmActors.Transport.Protocol;

namespace WasmActors.Transport.Tests;

/// <summary>A reader that places the page bytes of Pages frames straight into a destination.</summary>
public sealed class FramePlacementTests
{
    [Fact]
    public async Task Placed_pages_land_in_the_destination_and_the_body_keeps_only_the_head()
    {
        var pages = TestRegions.Bytes(3 * 64, seed: 4);
        var stream = new MemoryStream([.. Frame(pages, corrupt: false), .. Frame(pages, corrupt: false)]);
        using var reader = new FrameReader(stream, ProtocolConstants.MinMaxFrameBytes);
        var destination = new byte[3 * 64];

        Assert.True(await reader.ReadAsync((in FrameHeader _, in PagesFrame head) => destination.AsMemory(0, head.Count * head.PageSize), CancellationToken.None));
        var head = PagesFrame.ReadHead(reader.Body, reader.Header.BodyLength);
        head.Verify(reader.Placed.Span);

        Assert.Equal(pages, destination);
        Assert.Equal(ProtocolConstants.PagesFixedBytes + (3 * 8), reader.Body.Length);
        Assert.Equal(3, head.Count);

        // Declining the placement reads the next frame whole, as without one.
        Assert.True(await reader.ReadAsync((in FrameHeader _, in PagesFrame _) => Memory<byte>.Empty, CancellationToken.None));
        Assert.True(reader.Placed.IsEmpty);
        Assert.Equal(pages, PagesFrame.Read(reader.Body).Data.ToArray());
        Assert.False(await reader.ReadAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_corrupted_placed_page_fails_its_checksum()
    {
        var pages = TestRegions.Bytes(2 * 64, seed: 5);
        using var reader = new FrameReader(new MemoryStream(Frame(pages, corrupt: true)), ProtocolConstants.MinMaxFrameBytes);
        var destination = new byte[2 * 64];

        Assert.True(await reader.ReadAsync((in FrameHeader _, in PagesFrame _) => destination, CancellationToken.None));
        var error = Assert.Throws<PageTransportException>(() => PagesFrame.ReadHead(reader.Body, reader.Header.BodyLength).Verify(reader.Placed.Span));

        Assert.Equal(PageTransportError.ChecksumMismatch, error.Error);
    }

    [Fact]
    public async Task A_placement_of_the_wrong_size_is_ignored_and_the_frame_read_whole()
    {
        var pages = TestRegions.Bytes(2 * 64, seed: 6);
        using var reader = new FrameReader(new MemoryStream(Frame(pages, corrupt: false)), ProtocolConstants.MinMaxFrameBytes);
        var tooSmall = new byte[64];

        Assert.True(await reader.ReadAsync((in FrameHeader _, in PagesFrame _) => tooSmall, CancellationToken.None));

        Assert.True(reader.Placed.IsEmpty);
        Assert.Equal(pages, PagesFrame.Read(reader.Body).Data.ToArray());
        Assert.All(tooSmall, b => Assert.Equal(0, b));
    }

    private static byte[] Frame(byte[] pages, bool corrupt)
    {
        var count = pages.Length / 64;
        using var frame = PagesFrame.Create(7, new RegionKey(1, 1), firstPage: 0, count, pageSize: 64, out var data);
        pages.CopyTo(data);
        PagesFrame.Seal(frame, count, 64);
        var bytes = frame.Memory.ToArray();
        if (corrupt)
        {
            bytes[^1] ^= 1;
        }
        return bytes;
    }
}
