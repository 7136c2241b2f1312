using WasmActors.Actors.Configuration;
using WasmActors.Actors.Messages;

namespace WasmActors.Actors.Tests;

/// <summary>Payloads cut to Akka.Remote's frame limit come back whole, in any arrival order, despite duplicates.</summary>
public sealed class BlobPartsTests
{
    [Theory]
    [InlineData(0, 1000)]
    [InlineData(1, 1000)]
    [InlineData(999, 1000)]
    [InlineData(1000, 1000)]
    [InlineData(1001, 1000)]
    [InlineData(426_805, 61_440)]
    public void SplitPartsReassembleExactlyInAnyOrderWithDuplicates(int length, int maxPart)
    {
        var random = new Random(length);
        var blob = new byte[length];
        random.NextBytes(blob);
        var parts = BlobParts.Split(blob, maxPart).ToArray();
        Assert.All(parts, p => Assert.True(p.Data.Length <= maxPart));

        var assembler = new BlobAssembler(parts[0].Parts, length);
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
        var assembler = new BlobAssembler(parts.Length, blob.Length);
        foreach (var part in parts.Skip(1))
        {
            assembler.Add(part.Part, part.Parts, blob.Length, part.Data);
        }

        Assert.False(assembler.IsComplete);
        Assert.Throws<InvalidOperationException>(assembler.Assemble);
        Assert.False(assembler.Add(0, parts.Length + 1, blob.Length, parts[0].Data));
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
