using System.Text.Json;
using WasmActors.Bench.Wast;
using WasmActors.Wasm.Model;
using WasmActors.Wasm.Runtime;

namespace WasmActors.Bench.Tests.Wast;

public sealed class ValueCodecTests
{
    [Theory]
    [InlineData("i32", "0", 0ul)]
    [InlineData("i32", "4294967295", 0xFFFF_FFFFul)]
    [InlineData("i64", "18446744073709551615", ulong.MaxValue)]
    [InlineData("f32", "1065353216", 0x3F80_0000ul)]
    [InlineData("f64", "9221120237041090560", 0x7FF8_0000_0000_0000ul)]
    [InlineData("externref", "null", RefValue.Null)]
    [InlineData("funcref", "null", RefValue.Null)]
    public void Arguments_are_bit_patterns(string type, string text, ulong expected) =>
        Assert.Equal(expected, ValueCodec.ParseArgument(Value(type, text)));

    [Fact]
    public void Externref_ids_use_the_engine_encoding()
    {
        Assert.Equal(RefValue.FromExtern(0), ValueCodec.ParseArgument(Value("externref", "0")));
        Assert.Equal(RefValue.FromExtern(7), ValueCodec.ParseArgument(Value("externref", "7")));
        Assert.NotEqual(RefValue.Null, ValueCodec.ParseArgument(Value("externref", "0")));
    }

    [Theory]
    [InlineData("i32", "4294967296")]
    [InlineData("i32", "-1")]
    [InlineData("i64", "18446744073709551616")]
    [InlineData("f32", "1.5")]
    [InlineData("f32", "nan:canonical")]
    [InlineData("externref", "x")]
    [InlineData("funcref", "3")]
    [InlineData("i8", "1")]
    public void Malformed_arguments_are_typed_errors(string type, string text) =>
        Assert.Throws<WastFormatException>(() => ValueCodec.ParseArgument(Value(type, text)));

    [Fact]
    public void An_argument_needs_a_value() =>
        Assert.Throws<WastFormatException>(() => ValueCodec.ParseArgument(new WastValue("i32")));

    [Fact]
    public void Expected_values_know_their_kind()
    {
        Assert.Equal(new ExpectedValue(ValType.F32, ExpectedKind.CanonicalNaN, 0), ValueCodec.ParseExpected(Value("f32", "nan:canonical")));
        Assert.Equal(new ExpectedValue(ValType.F64, ExpectedKind.ArithmeticNaN, 0), ValueCodec.ParseExpected(Value("f64", "nan:arithmetic")));
        Assert.Equal(new ExpectedValue(ValType.I32, ExpectedKind.Exact, 5), ValueCodec.ParseExpected(Value("i32", "5")));
        Assert.Equal(ExpectedKind.AnyOfType, ValueCodec.ParseExpected(new WastValue("i64")).Kind);

        // NaN patterns belong to floats only.
        Assert.Throws<WastFormatException>(() => ValueCodec.ParseExpected(Value("i32", "nan:canonical")));
    }

    [Theory]
    [InlineData(ValType.I32, 0xFFFF_FFFFul, "i32:-1 (0xffffffff)")]
    [InlineData(ValType.I32, 0x1_0000_0002ul, "i32:2 (0x00000002) [upper bits 0x00000001]")]
    [InlineData(ValType.I64, 0x8000_0000_0000_0000ul, "i64:-9223372036854775808 (0x8000000000000000)")]
    [InlineData(ValType.F32, 0x3FC0_0000ul, "f32:1.5 (0x3fc00000)")]
    [InlineData(ValType.F32, 0xFFC0_0001ul, "f32:-nan:0x400001 (0xffc00001)")]
    [InlineData(ValType.F64, 0x8000_0000_0000_0000ul, "f64:-0 (0x8000000000000000)")]
    [InlineData(ValType.F64, 0x7FF0_0000_0000_0001ul, "f64:nan:0x1 (0x7ff0000000000001)")]
    [InlineData(ValType.ExternRef, 0ul, "externref:null")]
    [InlineData(ValType.ExternRef, 4ul, "externref:3")]
    [InlineData(ValType.FuncRef, 0ul, "funcref:null")]
    public void Values_format_readably_with_their_bits(ValType type, ulong raw, string expected) =>
        Assert.Equal(expected, ValueCodec.Format(type, raw));

    internal static WastValue Value(string type, string text) =>
        new(type, JsonSerializer.SerializeToElement(text));
}
