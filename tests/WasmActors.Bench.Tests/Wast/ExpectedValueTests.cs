using WasmActors.Bench.Wast;
using WasmActors.Wasm.Model;

namespace WasmActors.Bench.Tests.Wast;

public sealed class ExpectedValueTests
{
    [Theory]
    [InlineData(0x7FC0_0000u, true)]
    [InlineData(0xFFC0_0000u, true)]
    [InlineData(0x7FC0_0001u, false)]
    [InlineData(0x7FA0_0000u, false)]
    [InlineData(0x7F80_0000u, false)]
    [InlineData(0x3F80_0000u, false)]
    public void F32_canonical_nan(uint bits, bool matches) =>
        Assert.Equal(matches, new ExpectedValue(ValType.F32, ExpectedKind.CanonicalNaN, 0).Matches(bits));

    [Theory]
    [InlineData(0x7FC0_0000u, true)]
    [InlineData(0xFFC0_0000u, true)]
    [InlineData(0x7FC0_0001u, true)]
    [InlineData(0xFFE1_2345u, true)]
    [InlineData(0x7FA0_0000u, false)]
    [InlineData(0x7F80_0001u, false)]
    [InlineData(0x7F80_0000u, false)]
    [InlineData(0x3FC0_0000u, false)]
    public void F32_arithmetic_nan(uint bits, bool matches) =>
        Assert.Equal(matches, new ExpectedValue(ValType.F32, ExpectedKind.ArithmeticNaN, 0).Matches(bits));

    [Theory]
    [InlineData(0x7FF8_0000_0000_0000ul, true)]
    [InlineData(0xFFF8_0000_0000_0000ul, true)]
    [InlineData(0x7FF8_0000_0000_0001ul, false)]
    [InlineData(0x7FF4_0000_0000_0000ul, false)]
    [InlineData(0x7FF0_0000_0000_0000ul, false)]
    [InlineData(0x7FC0_0000ul, false)]
    public void F64_canonical_nan(ulong bits, bool matches) =>
        Assert.Equal(matches, new ExpectedValue(ValType.F64, ExpectedKind.CanonicalNaN, 0).Matches(bits));

    [Theory]
    [InlineData(0x7FF8_0000_0000_0000ul, true)]
    [InlineData(0xFFF8_0000_0000_0001ul, true)]
    [InlineData(0x7FFF_FFFF_FFFF_FFFFul, true)]
    [InlineData(0x7FF4_0000_0000_0000ul, false)]
    [InlineData(0x7FF0_0000_0000_0001ul, false)]
    [InlineData(0x3FF8_0000_0000_0000ul, false)]
    public void F64_arithmetic_nan(ulong bits, bool matches) =>
        Assert.Equal(matches, new ExpectedValue(ValType.F64, ExpectedKind.ArithmeticNaN, 0).Matches(bits));

    [Fact]
    public void Exact_floats_compare_bits_so_signed_zeros_and_nan_payloads_differ()
    {
        var negativeZero = new ExpectedValue(ValType.F32, ExpectedKind.Exact, 0x8000_0000u);
        Assert.True(negativeZero.Matches(0x8000_0000u));
        Assert.False(negativeZero.Matches(0));

        var payload = new ExpectedValue(ValType.F64, ExpectedKind.Exact, 0x7FF0_0000_0000_0001ul);
        Assert.True(payload.Matches(0x7FF0_0000_0000_0001ul));
        Assert.False(payload.Matches(0x7FF8_0000_0000_0000ul));
    }

    [Fact]
    public void Thirty_two_bit_values_compare_the_low_half_only()
    {
        var minusOne = new ExpectedValue(ValType.I32, ExpectedKind.Exact, 0xFFFF_FFFFu);
        Assert.True(minusOne.Matches(0xFFFF_FFFFu));
        Assert.True(minusOne.Matches(ulong.MaxValue));
        Assert.False(minusOne.Matches(0x7FFF_FFFFu));

        var wide = new ExpectedValue(ValType.I64, ExpectedKind.Exact, 0xFFFF_FFFFu);
        Assert.False(wide.Matches(ulong.MaxValue));
    }

    [Fact]
    public void Descriptions_name_the_pattern()
    {
        Assert.Equal("f32:nan:canonical", new ExpectedValue(ValType.F32, ExpectedKind.CanonicalNaN, 0).ToString());
        Assert.Equal("f64:nan:arithmetic", new ExpectedValue(ValType.F64, ExpectedKind.ArithmeticNaN, 0).ToString());
        Assert.Equal("i32:7 (0x00000007)", new ExpectedValue(ValType.I32, ExpectedKind.Exact, 7).ToString());
    }
}
