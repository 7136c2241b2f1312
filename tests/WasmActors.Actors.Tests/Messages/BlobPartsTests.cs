using WasmActors.Actors.Configuration;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Tests;

/// <summary>Payloads cut to Akka.Remote's frame limit come back whole, in any arrival order, despite duplicates.</summary>
public sealed class BlobPartsTests
{
    [Theory]
    [InlineData(0, 1024)]
    [InlineData(1, 1024)]
    [InlineData(1023, 1024)]
    [InlineData(1024, 1024)]
    [InlineData(1025, 1024)]
    [InlineData(426_805, 61_440)]
    public void SplitPartsReassembleExactlyInAnyOrderWithDuplicates(int length, int maxPart)
    {
        var random = new Random(length);
        var blob = new byte[length];
        random.NextBytes(blob);
        var parts = BlobParts.Split(blob, maxPart).ToArray();
        Assert.All(parts, p => Assert.True(p.Data.Length <= maxPart));

        var assembler = BlobAssembler.Create(parts[0].Parts, length, long.MaxValue, out _)!;
        foreach (var part in parts.Concat(parts.Take(2)).OrderBy(_ => random.Next()))
        {
            Assert.True(assembler.Add(part.Part, part.Parts, length, part.Data));
        }

        Assert.True(assembler.IsComplete);
        Assert.Equal(blob, assembler.Assemble());
    }

    [Fact]
    public void AMissingPartIsNeverMistakenForAWholeBlob()
    {
        var blob = new byte[5000];
        var parts = BlobParts.Split(blob, 1000).ToArray();
        var assembler = BlobAssembler.Create(parts.Length, blob.Length, long.MaxValue, out _)!;
        foreach (var part in parts.Skip(1))
        {
            assembler.Add(part.Part, part.Parts, blob.Length, part.Data);
        }

        Assert.False(assembler.IsComplete);
        Assert.Throws<InvalidOperationException>(assembler.Assemble);
        Assert.False(assembler.Add(0, parts.Length + 1, blob.Length, parts[0].Data));
    }

    [Theory]
    [InlineData(int.MaxValue, 10L)] // a part array of 16 GB for ten bytes
    [InlineData(1 << 30, 1L << 30)] // one byte a part: an 8 GB part array for a 1 GiB module
    [InlineData(3, 2048L)] // parts are at least BlobParts.MinPartBytes, but the last
    [InlineData(0, 10L)]
    [InlineData(2, 0L)]
    [InlineData(1, -1L)]
    [InlineData(1, long.MaxValue)]
    [InlineData(1, 1L + int.MaxValue)] // more than one array holds
    public void AnAnnouncementThatCannotBeTrueIsRefusedBeforeAnythingIsAllocated(int parts, long totalBytes)
    {
        Assert.Null(BlobAssembler.Create(parts, totalBytes, long.MaxValue, out var problem));
        Assert.False(string.IsNullOrEmpty(problem));
    }

    [Fact]
    public void AnAnnouncementLargerThanTheLimitIsRefusedWithTheLimit()
    {
        Assert.NotNull(BlobAssembler.Create(1, 0, 0, out _)); // one empty part
        Assert.NotNull(BlobAssembler.Create(3, 3000, 3000, out _));
        Assert.Null(BlobAssembler.Create(3, 3001, 3000, out var problem));
        Assert.Contains("3000 allowed", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void ChunkListsRoundTripAndMalformedListsAreRefused()
    {
        byte[][] chunks = [[1, 2, 3], [], new byte[4096]];
        var joined = BlobParts.JoinChunks(chunks);
        Assert.Equal(chunks, BlobParts.SplitChunks(joined, 3));
        Assert.Throws<InvalidDataException>(() => BlobParts.SplitChunks(joined, 2));
        Assert.Throws<InvalidDataException>(() => BlobParts.SplitChunks(joined[..^1], 3));
    }

    [Fact]
    public void ChunkSizesAboveTheFrameLimitAreRejectedAtStart()
    {
        var config = WasmActorsConfig.FromText("wasmactors.remote-chunk-bytes = 200000");
        var error = Assert.Throws<Akka.Configuration.ConfigurationException>(() => WasmActorsSettings.Create(config, "127.0.0.1:1"));
        Assert.Contains("remote-chunk-bytes", error.Message, StringComparison.Ordinal);
        Assert.True(WasmActorsSettings.Create(WasmActorsConfig.Reference, "h:1").RemoteChunkBytes <= 128000 - WasmActorsSettings.FrameOverheadBytes);
    }
}
