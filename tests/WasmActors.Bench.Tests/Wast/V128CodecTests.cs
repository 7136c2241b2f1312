using System.Text.Json;
using WasmActors.Bench.Wast;

namespace WasmActors.Bench.Tests.Wast;

public sealed class V128CodecTests
{
    [Fact]
    public void Lanes_are_little_endian_in_two_halves()
    {
        var bytes = V128Codec.ParseArgument(Vector("i8", Enumerable.Range(1, 16).Select(i => i.ToString()).ToArray()));
        Assert.Equal((0x0807060504030201ul, 0x100F0E0D0C0B0A09ul), bytes);

        var words = V128Codec.ParseArgument(Vector("i32", "1", "2", "4294967295", "0"));
        Assert.Equal((0x0000_0002_0000_0001ul, 0x0000_0000_FFFF_FFFFul), words);

        var doubles = V128Codec.ParseArgument(Vector("f64", "4607182418800017408", "9223372036854775808"));
        Assert.Equal((0x3FF0_0000_0000_0000ul, 0x8000_0000_0000_0000ul), doubles);
    }

    [Theory]
    [InlineData("i8", new[] { "0" })]
    [InlineData("i16", new[] { "65536", "0", "0", "0", "0", "0", "0", "0" })]
    [InlineData("i64", new[] { "1", "2", "3" })]
    [InlineData("f32", new[] { "nan:canonical", "0", "0", "0" })]
    [InlineData("i128", new[] { "0" })]
    public void Malformed_vectors_are_typed_errors(string laneType, string[] lanes) =>
        Assert.Throws<WastFormatException>(() => V128Codec.ParseArgument(Vector(laneType, lanes)));

    [Fact]
    public void Expected_float_lanes_may_be_nan_patterns()
    {
        var expected = ValueCodec.ParseExpected(Vector("f32", "nan:canonical", "nan:arithmetic", "1065353216", "0"));
        ulong low = 0xFFC0_0000ul | (0x7FE0_0000ul << 32);
        ulong high = 0x3F80_0000ul;
        Assert.True(expected.Matches([low, high]));

        // Lane 1 without the quiet bit is no arithmetic NaN; lane 2 must be exactly 1.0.
        Assert.False(expected.Matches([0xFFC0_0000ul | (0x7F80_0001ul << 32), high]));
        Assert.False(expected.Matches([low, 0x3F80_0001ul]));
        Assert.Equal("v128:f32x4[nan:canonical nan:arithmetic f32:1 (0x3f800000) f32:0 (0x00000000)]", expected.ToString());
    }

    [Fact]
    public void Expected_integer_lanes_compare_whole_lanes()
    {
        var expected = ValueCodec.ParseExpected(Vector("i16", "65535", "1", "0", "0", "0", "0", "0", "32768"));
        Assert.True(expected.Matches([0x0000_0000_0001_FFFFul, 0x8000_0000_0000_0000ul]));
        Assert.False(expected.Matches([0x0000_0000_0001_FFFEul, 0x8000_0000_0000_0000ul]));
        Assert.Equal(2, expected.Slots);
    }

    [Fact]
    public void A_result_type_alone_matches_any_vector() =>
        Assert.True(ValueCodec.ParseExpected(new WastValue("v128")).Matches([1ul, 2ul]));

    private static WastValue Vector(string laneType, params string[] lanes) =>
        new("v128", JsonSerializer.SerializeToElement(lanes), laneType);
}
