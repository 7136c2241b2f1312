using System.Buffers.Binary;
using WasmActors.Transport.Protocol;

namespace WasmActors.Transport.Tests;

/// <summary>The frame decoders on hostile input: only typed errors, never anything else.</summary>
public sealed class CodecTests
{
    [Fact]
    public async Task Random_byte_streams_only_ever_fail_with_typed_errors()
    {
        var random = new Random(1234);
        var outcomes = new Dictionary<string, int>();
        for (var i = 0; i < 3000; i++)
        {
            var bytes = new byte[random.Next(0, 400)];
            random.NextBytes(bytes);
            if (bytes.Length >= 16 && random.Next(2) == 0)
            {
                BinaryPrimitives.WriteUInt32LittleEndian(bytes, (uint)random.Next(12, bytes.Length)); // plausible lengths reach the body decoders
                bytes[4] = (byte)random.Next(1, 7);
                bytes[5] = bytes[6] = bytes[7] = 0;
            }
            var outcome = await DecodeAllAsync(bytes, placePages: i % 2 == 0);
            outcomes[outcome] = outcomes.GetValueOrDefault(outcome) + 1;
        }

        Assert.DoesNotContain(outcomes.Keys, k => k.StartsWith("unexpected", StringComparison.Ordinal));
        Assert.True(outcomes.Count >= 3, string.Join(", ", outcomes));
    }

    [Fact]
    public void A_version_1_Hello_is_read_far_enough_to_name_its_version_and_a_short_version_2_Hello_is_refused()
    {
        // Version 1 carried a 32-byte cluster proof after the frame limit; the server refuses it by its version.
        var v1 = new byte[HelloMessage.BodyBytes + 32];
        BinaryPrimitives.WriteUInt32LittleEndian(v1, ProtocolConstants.HelloMagic);
        BinaryPrimitives.WriteUInt16LittleEndian(v1.AsSpan(4), 1);
        BinaryPrimitives.WriteInt32LittleEndian(v1.AsSpan(8), ProtocolConstants.MinMaxFrameBytes);
        var v2 = new byte[HelloMessage.BodyBytes];
        new HelloMessage(ProtocolConstants.Version, ProtocolConstants.MinMaxFrameBytes).Write(v2);

        Assert.Equal(1, HelloMessage.Read(v1).Version);
        Assert.Equal(new HelloMessage(ProtocolConstants.Version, ProtocolConstants.MinMaxFrameBytes), HelloMessage.Read(v2));
        Assert.Equal(PageTransportError.ProtocolViolation, Assert.Throws<PageTransportException>(() => HelloMessage.Read(v2.AsSpan(0, 8))).Error);
        Assert.Equal(PageTransportError.ProtocolViolation, Assert.Throws<PageTransportException>(() => HelloMessage.Read([.. v2, 0])).Error);
    }

    [Fact]
    public void A_corrupted_page_fails_its_checksum()
    {
        using var frame = PagesFrame.Create(1, new RegionKey(1, 1), firstPage: 4, count: 2, pageSize: 64, out var data);
        TestRegions.Bytes(128, seed: 8).CopyTo(data);
        PagesFrame.Seal(frame, 2, 64);
        var body = frame.Memory.Span[ProtocolConstants.HeaderBytes..].ToArray();
        body[^1] ^= 1;

        var error = Assert.Throws<PageTransportException>(() => PagesFrame.Read(body).CopyVerified(new byte[128]));

        Assert.Equal(PageTransportError.ChecksumMismatch, error.Error);
    }

    [Fact]
    public void Fetch_frames_round_trip_and_range_counts_are_bounded()
    {
        var fetch = new FetchMessage(new RegionKey(3, 4), FetchMode.Push, [new PageRange(1, 2), new PageRange(9, 1)]);
        var body = new byte[fetch.BodyBytes];
        fetch.Write(body);

        var back = FetchMessage.Read(body, maxRanges: 2);
        var limited = Assert.Throws<PageTransportException>(() => FetchMessage.Read(body, maxRanges: 1));

        Assert.Equal(fetch.Region, back.Region);
        Assert.Equal(fetch.Mode, back.Mode);
        Assert.Equal(fetch.Ranges, back.Ranges);
        Assert.Equal(PageTransportError.LimitExceeded, limited.Error);
    }

    /// <param name="placePages">Read the pages of Pages frames into a buffer of their own, as clients do.</param>
    private static async Task<string> DecodeAllAsync(byte[] bytes, bool placePages)
    {
        using var reader = new FrameReader(new MemoryStream(bytes), ProtocolConstants.MinMaxFrameBytes);
        PagesPlacement? place = placePages ? (in FrameHeader _, in PagesFrame head) => new byte[head.Count * head.PageSize] : null;
        try
        {
            while (await reader.ReadAsync(place, CancellationToken.None))
            {
                if (reader.Placed.IsEmpty)
                {
                    DecodeBody(reader.Header, reader.Body);
                }
                else
                {
                    PagesFrame.ReadHead(reader.Body, reader.Header.BodyLength).Verify(reader.Placed.Span);
                }
            }
            return "clean end";
        }
        catch (PageTransportException e)
        {
            return e.Error.ToString();
        }
        catch (Exception e)
        {
            return "unexpected " + e.GetType().Name;
        }
    }

    private static void DecodeBody(FrameHeader header, ReadOnlySpan<byte> body)
    {
        switch (header.Type)
        {
            case FrameType.Hello: HelloMessage.Read(body); break;
            case FrameType.HelloAck: HelloAckMessage.Read(body); break;
            case FrameType.Fetch: FetchMessage.Read(body, 4096); break;
            case FrameType.Pages: PagesFrame.Read(body).CopyVerified(new byte[body.Length]); break;
            case FrameType.Error: ErrorMessage.Read(body); break;
        }
    }
}
