using WasmActors.Wasm.Binary;

namespace WasmActors.Wasm.Tests.Binary;

/// <summary>LEB128, length and name edge cases of the byte reader, against the spec's malformed rules.</summary>
public sealed class WasmReaderTests
{
    [Theory]
    [InlineData(new byte[] { 0x00 }, 0u)]
    [InlineData(new byte[] { 0x7F }, 127u)]
    [InlineData(new byte[] { 0x80, 0x01 }, 128u)]
    [InlineData(new byte[] { 0x80, 0x00 }, 0u)] // padded encodings are allowed within the byte limit
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x00 }, 0u)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, uint.MaxValue)]
    public void ReadU32DecodesValidEncodings(byte[] bytes, uint expected)
    {
        var reader = new WasmReader(bytes);
        Assert.Equal(expected, reader.ReadU32());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x80, 0x00 }, "integer representation too long")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x1F }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x10 }, "integer too large")]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x8F, 0x00 }, "integer representation too long")]
    [InlineData(new byte[] { 0x80 }, "unexpected end")]
    [InlineData(new byte[] { }, "unexpected end")]
    public void ReadU32RejectsMalformedEncodings(byte[] bytes, string reason)
    {
        var error = Assert.Throws<WasmLoadException>(() => new WasmReader(bytes).ReadU32());
        Assert.Equal(reason, error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x00 }, 0)]
    [InlineData(new byte[] { 0x7F }, -1)]
    [InlineData(new byte[] { 0x3F }, 63)]
    [InlineData(new byte[] { 0x40 }, -64)]
    [InlineData(new byte[] { 0xC0, 0x00 }, 64)]
    [InlineData(new byte[] { 0xFF, 0x7F }, -1)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x07 }, int.MaxValue)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x78 }, int.MinValue)]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, -1)]
    public void ReadS32DecodesValidEncodings(byte[] bytes, int expected)
    {
        var reader = new WasmReader(bytes);
        Assert.Equal(expected, reader.ReadS32());
        Assert.True(reader.AtEnd);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x4F }, "integer too large")] // sign bits disagree
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, "integer too large")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, "integer too large")]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x7F }, "integer representation too long")]
    public void ReadS32RejectsMalformedEncodings(byte[] bytes, string reason)
    {
        var error = Assert.Throws<WasmLoadException>(() => new WasmReader(bytes).ReadS32());
        Assert.Equal(reason, error.Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x0F }, 0xFFFFFFFFL)]
    [InlineData(new byte[] { 0x80, 0x80, 0x80, 0x80, 0x70 }, -(1L << 32))]
    [InlineData(new byte[] { 0x40 }, -64L)]
    public void ReadS33CoversTheFullTypeIndexRange(byte[] bytes, long expected) =>
        Assert.Equal(expected, new WasmReader(bytes).ReadS33());

    [Fact]
    public void ReadS33RejectsUnusedBitsDisagreeingWithTheSign()
    {
        byte[] bytes = [0x80, 0x80, 0x80, 0x80, 0x20];
        var error = Assert.Throws<WasmLoadException>(() => new WasmReader(bytes).ReadS33());
        Assert.Equal("integer too large", error.Reason);
    }

    [Fact]
    public void SixtyFourBitReadersCoverTheirRangeAndRejectOverflow()
    {
        byte[] maxU64 = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        byte[] minS64 = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x7F];
        byte[] maxS64 = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00];
        byte[] tooLargeU64 = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x02];
        byte[] tooLargeS64 = [0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x01];
        byte[] tooLong = [0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00];

        Assert.Equal(ulong.MaxValue, new WasmReader(maxU64).ReadU64());
        Assert.Equal(long.MinValue, new WasmReader(minS64).ReadS64());
        Assert.Equal(long.MaxValue, new WasmReader(maxS64).ReadS64());
        Assert.Equal("integer too large", Assert.Throws<WasmLoadException>(() => new WasmReader(tooLargeU64).ReadU64()).Reason);
        Assert.Equal("integer too large", Assert.Throws<WasmLoadException>(() => new WasmReader(tooLargeS64).ReadS64()).Reason);
        Assert.Equal("integer representation too long", Assert.Throws<WasmLoadException>(() => new WasmReader(tooLong).ReadS64()).Reason);
    }

    [Fact]
    public void LengthBeyondTheRemainingBytesIsOutOfBounds()
    {
        byte[] bytes = [0x05, 0x01, 0x02];
        var error = Assert.Throws<WasmLoadException>(() => new WasmReader(bytes).ReadLength());
        Assert.Equal("length out of bounds", error.Reason);
        Assert.Equal(0, error.Offset);
    }

    [Fact]
    public void HugeDeclaredLengthFailsWithoutAllocating()
    {
        byte[] bytes = [0xFF, 0xFF, 0xFF, 0xFF, 0x0F];
        Assert.Equal("length out of bounds", Assert.Throws<WasmLoadException>(() => new WasmReader(bytes).ReadLength()).Reason);
    }

    [Theory]
    [InlineData(new byte[] { 0x02, 0xC0, 0x80 })] // overlong NUL
    [InlineData(new byte[] { 0x03, 0xED, 0xA0, 0x80 })] // surrogate half
    [InlineData(new byte[] { 0x04, 0xF4, 0x90, 0x80, 0x80 })] // beyond U+10FFFF
    [InlineData(new byte[] { 0x01, 0x80 })] // lone continuation byte
    [InlineData(new byte[] { 0x01, 0xE2 })] // truncated sequence
    public void NamesMustBeValidUtf8(byte[] bytes)
    {
        var error = Assert.Throws<WasmLoadException>(() => new WasmReader(bytes).ReadName());
        Assert.Equal("malformed UTF-8 encoding", error.Reason);
    }

    [Fact]
    public void NamesDecodeMultiByteCharacters()
    {
        byte[] bytes = [0x07, 0x61, 0xC3, 0xA9, 0xF0, 0x9F, 0x98, 0x80];
        Assert.Equal("a\u00e9\U0001F600", new WasmReader(bytes).ReadName());
    }

    [Fact]
    public void RegionsReportAbsoluteOffsetsAndTheirOwnEnd()
    {
        byte[] bytes = [0xAA, 0xBB, 0x80];
        var reader = new WasmReader(bytes);
        reader.ReadByte();
        var region = reader.ReadRegion(2);
        Assert.Equal(1, region.Offset);
        Assert.Equal(0xBB, region.ReadByte());
        var error = Assert.Throws<WasmLoadException>(() =>
        {
            var inner = WasmReader.ForRegion(bytes.AsSpan(2, 1), 2);
            inner.ReadU32();
        });
        Assert.Equal("unexpected end of section or function", error.Reason);
        Assert.Equal(3, error.Offset);
    }
}
