using System.IO.Hashing;
using System.Runtime.Intrinsics.X86;
using WasmActors.Transport.Protocol;
using Xunit.Abstractions;

namespace WasmActors.Transport.Tests;

/// <summary>The page checksum is XXH3-64 (seed 0) on the wire: every code path must agree with System.IO.Hashing.</summary>
public sealed class PageChecksumTests(ITestOutputHelper output)
{
    public static TheoryData<int> Lengths => [0, 1, 17, 240, 241, 255, 256, 1023, 1024, 1025, 2047, 2048, 2049, 4095, 4096, 4097, 65536, 65537, 1 << 20];

    [Theory]
    [MemberData(nameof(Lengths))]
    public void Matches_XxHash3_at_block_and_stripe_boundaries(int length)
    {
        var data = new byte[length];
        new Random(length).NextBytes(data);

        Assert.Equal(XxHash3.HashToUInt64(data), PageChecksum.Of(data));
        if (length > 240)
        {
            Assert.Equal(XxHash3.HashToUInt64(data), PageChecksum.LongScalar(data));
        }
    }

    [Fact]
    public void Every_path_matches_XxHash3_on_random_lengths_and_offsets()
    {
        var random = new Random(5);
        var buffer = new byte[20_000];
        random.NextBytes(buffer);
        var avx2 = Avx2.IsSupported && BitConverter.IsLittleEndian;
        output.WriteLine(avx2 ? "AVX2 path checked" : $"AVX2 path not checked: this CPU has no AVX2");
        for (var i = 0; i < 500; i++)
        {
            var offset = random.Next(64);
            var slice = buffer.AsSpan(offset, random.Next(241, buffer.Length - offset));
            var expected = XxHash3.HashToUInt64(slice);
            Assert.Equal(expected, PageChecksum.LongScalar(slice));
            if (avx2)
            {
                Assert.Equal(expected, PageChecksum.LongAvx2(slice));
            }
        }
    }

    [Fact]
    public void A_single_flipped_bit_changes_the_checksum()
    {
        var page = new byte[4096];
        new Random(9).NextBytes(page);
        var before = PageChecksum.Of(page);
        page[3000] ^= 0x10;
        Assert.NotEqual(before, PageChecksum.Of(page));
    }
}
